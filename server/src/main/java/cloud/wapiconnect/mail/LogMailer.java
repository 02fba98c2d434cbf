package cloud.wapiconnect.mail;

import java.util.logging.Logger;

/**
 * The embedded default's "mail server": without {@code WAPI_SMTP_HOST} a mail is written to the server
 * log, marked so that nobody mistakes it for one that was sent, and a developer can follow its link.
 */
final class LogMailer implements Mailer {
    private static final Logger LOG = Logger.getLogger(LogMailer.class.getName());

    @Override
    public void send(MailMessage message) {
        LOG.info(() -> "\n===== MAIL NOT SENT (WAPI_SMTP_HOST is unset; this is what it says) =====\n"
                + "To: " + message.to() + "\nSubject: " + message.subject() + "\n\n" + message.text()
                + "\n===== END OF MAIL =====");
    }
}
