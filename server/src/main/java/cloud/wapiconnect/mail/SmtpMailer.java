package cloud.wapiconnect.mail;

import cloud.wapiconnect.config.WapiConfig.MailConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Mail through an SMTP server (Eclipse Angus Mail), with deadlines on connecting, reading and writing. */
final class SmtpMailer implements Mailer {
    private static final String TIMEOUT_MS = "10000";

    private final Session session;
    private final InternetAddress from;

    SmtpMailer(MailConfig config, String host) {
        Properties props = new Properties();
        String protocol = config.tls() == cloud.wapiconnect.config.WapiConfig.MailTls.TLS ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", host);
        props.put("mail." + protocol + ".port", String.valueOf(config.port()));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MS);
        switch (config.tls()) {
            case STARTTLS -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> props.put("mail.smtps.ssl.checkserveridentity", "true");
            case NONE -> {}
        }
        Authenticator auth = null;
        if (!config.user().isEmpty()) {
            props.put("mail." + protocol + ".auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.user(), config.password());
                }
            };
        }
        this.session = Session.getInstance(props, auth);
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("WAPI_SMTP_FROM is not an email address: " + config.from(), e);
        }
    }

    @Override
    public void send(MailMessage message) {
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(from);
            mime.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.to(), true));
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mime.setText(message.text(), StandardCharsets.UTF_8.name());
            Transport.send(mime);
        } catch (MessagingException e) {
            throw new MailException("The mail server did not take the mail: " + e.getMessage(), e);
        }
    }
}
