package cloud.wapiconnect.mail;

import cloud.wapiconnect.config.WapiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** SMTP when {@code WAPI_SMTP_HOST} is set, else the server log. */
@ApplicationScoped
public class MailerProducer {
    @Produces
    @ApplicationScoped
    Mailer mailer(WapiConfig config) {
        WapiConfig.MailConfig mail = config.portal().mail();
        return mail.host().<Mailer>map(host -> new SmtpMailer(mail, host)).orElseGet(LogMailer::new);
    }
}
