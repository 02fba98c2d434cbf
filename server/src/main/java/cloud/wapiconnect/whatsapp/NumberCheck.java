package cloud.wapiconnect.whatsapp;

/** Whether a number has a WhatsApp account; {@code jid} is the one asked about ({@code <digits>@s.whatsapp.net}). */
public record NumberCheck(String jid, boolean onWhatsApp) {}
