package cloud.wapiconnect.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what Node.js 20 prints for JSON.stringify(JSON.parse(...)) of the same values. */
class JsStringifyTest {
    @Test
    void escapesOnlyWhatJsonStringifyEscapes() {
        assertEquals("\"\\\"q\\\" \\\\ \\b\\f\\n\\r\\t\"", JsStringify.stringify("\"q\" \\ \b\f\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f\"", JsStringify.stringify("\u0000\u0001\u001f"));
        assertEquals(
                "\"\u007f \u2028\u2029 / </script> é 😀 مرحبا\"",
                JsStringify.stringify("\u007f \u2028\u2029 / </script> é 😀 مرحبا"));
        assertEquals("\"\\ud800x\\udc00\"", JsStringify.stringify("\ud800x\udc00"));
    }

    @Test
    void numbersInJavaScriptsShortestForm() {
        assertEquals("1", JsStringify.stringify(1.0));
        assertEquals("1.5", JsStringify.stringify(1.5));
        assertEquals("0.1", JsStringify.stringify(0.1));
        assertEquals("0", JsStringify.stringify(-0.0));
        assertEquals("100000000000000000000", JsStringify.stringify(1e20));
        assertEquals("1e+21", JsStringify.stringify(1e21));
        assertEquals("2.5e+25", JsStringify.stringify(2.5e25));
        assertEquals("1e-7", JsStringify.stringify(1e-7));
        assertEquals("1.5e-10", JsStringify.stringify(1.5e-10));
        assertEquals("0.000001", JsStringify.stringify(1e-6));
        assertEquals("-12.75", JsStringify.stringify(-12.75));
        assertEquals("1708243200000", JsStringify.stringify(1708243200000L));
        assertEquals("null", JsStringify.stringify(Double.NaN));
    }

    @Test
    void arrayIndexKeysComeFirstThenInsertionOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("10", true);
        map.put("a", null);
        map.put("2", List.of(1, "x"));
        map.put("01", "not an index");
        map.put("4294967295", "too large for an index");
        assertEquals(
                "{\"2\":[1,\"x\"],\"10\":true,\"b\":1,\"a\":null,\"01\":\"not an index\",\"4294967295\":\"too large for an index\"}",
                JsStringify.stringify(map));
    }

    @Test
    void nestedValuesWithoutWhitespace() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "3EB0");
        data.put("isGroup", false);
        data.put("list", Arrays.asList(1, null, Map.of()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "message");
        payload.put("data", data);
        assertEquals(
                "{\"event\":\"message\",\"data\":{\"id\":\"3EB0\",\"isGroup\":false,\"list\":[1,null,{}]}}",
                JsStringify.stringify(payload));
    }
}
