package cloud.wapiconnect.mail;

import cloud.wapiconnect.config.WapiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;

/**
 * SMTP when {@code WAPI_SMTP_HOST} is set. Without it, the embedded default (a developer's machine) writes mails,
 * working links included, to the server log; a server on MariaDB (a deployment, whose log others may read) never
 * does: its mails are not sent, and each says so in one line without its content.
 */
@ApplicationScoped
public class MailerProducer {
    private static final Logger LOG = Logger.getLogger(MailerProducer.class.getName());

    @Produces
    @ApplicationScoped
    Mailer mailer(WapiConfig config) {
        WapiConfig.MailConfig mail = config.portal().mail();
        if (mail.host().isPresent()) {
            return new SmtpMailer(mail, mail.host().get());
        }
        if (config.embeddedDatabase()) {
            LOG.warning("WAPI_SMTP_HOST is unset: the portal's verification and password-reset mails, with working"
                    + " links, are written to this log (the embedded default only; set WAPI_SMTP_HOST before others"
                    + " can read this log)");
            return new LogMailer();
        }
        LOG.warning("WAPI_SMTP_HOST is unset: the portal's verification and password-reset mails are not sent"
                + " (only the embedded default writes them to the log)");
        return message -> LOG.warning(
                () -> "Mail to " + message.to() + " (\"" + message.subject() + "\") not sent: WAPI_SMTP_HOST is unset");
    }
}
