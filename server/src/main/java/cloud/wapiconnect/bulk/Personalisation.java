package cloud.wapiconnect.bulk;

/** Fills {@code {{name}}} and {@code {{phone}}} per recipient (empty when unknown). */
final class Personalisation {
    private Personalisation() {}

    static String fill(String template, String phone, String name) {
        if (template == null || template.indexOf("{{") < 0) {
            return template;
        }
        return template.replace("{{name}}", name == null ? "" : name).replace("{{phone}}", phone == null ? "" : phone);
    }
}
