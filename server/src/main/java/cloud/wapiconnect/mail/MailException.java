package cloud.wapiconnect.mail;

/** The mail server could not be reached or refused the mail. */
public class MailException extends RuntimeException {
    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
