package cloud.wapiconnect.mail;

/** Sends mail. Network I/O: never call it inside a database transaction. */
public interface Mailer {
    /**
     * @throws MailException when the mail could not be handed to the mail server
     */
    void send(MailMessage message);
}
