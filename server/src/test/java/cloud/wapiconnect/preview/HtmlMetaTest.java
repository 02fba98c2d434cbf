package cloud.wapiconnect.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HtmlMetaTest {

    @Test
    void ogTagsWinOverTheTitleInAnyOrderQuotingAndCase() {
        HtmlMeta meta = HtmlMeta.parse("""
                <html><head><TITLE> Page
                  title </TITLE>
                <meta content="The &quot;real&quot; title &#8212; &#x263A;" property="og:title"/>
                <meta name=description content=unquoted>
                <meta property='og:image' content='https://cdn.example.com/a.jpg?x=1&amp;y=2'>
                """);
        assertEquals("The \"real\" title — ☺", meta.title());
        assertEquals("unquoted", meta.description());
        assertEquals("https://cdn.example.com/a.jpg?x=1&y=2", meta.image());
    }

    @Test
    void commentsScriptsAndTheBodyAreNotReadAndBrokenHtmlIsNoError() {
        HtmlMeta meta = HtmlMeta.parse("""
                <head><!-- <meta property="og:title" content="comment"> -->
                <script>var s = '<meta property="og:title" content="script">';</script>
                <title>Only this</title></head>
                <body><meta property="og:description" content="body">
                """);
        assertEquals("Only this", meta.title());
        assertNull(meta.description());
        assertNull(HtmlMeta.parse("").title());
        assertNull(HtmlMeta.parse("<meta property=\"og:title\" content=\"").title());
        assertEquals("open", HtmlMeta.parse("<title>open").title());
        assertNull(HtmlMeta.parse("<meta property=\"og:title\" content=\"   \"><title></title>")
                .title());
    }

    @Test
    void longTextIsCut() {
        String title = HtmlMeta.parse("<title>" + "a".repeat(1000) + "</title>").title();
        assertEquals(HtmlMeta.MAX_TITLE, title.length());
    }

    @Test
    void theFirstHttpUrlOfATextWithoutTrailingPunctuation() {
        assertEquals(Optional.of("https://example.com/a?b=1"), Urls.first("See (https://example.com/a?b=1), then"));
        assertEquals(Optional.of("HTTP://Example.com"), Urls.first("x HTTP://Example.com. y http://second.com"));
        assertEquals("http://Example.com", Urls.withScheme("HTTP://Example.com"));
        assertEquals(Optional.empty(), Urls.first("ftp://example.com and xhttp://no.example and https://"));
        assertEquals(Optional.empty(), Urls.first(null));
    }

    @Test
    void aThumbnailIsASmallJpegAndNoImageGivesNone() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(800, 400, BufferedImage.TYPE_INT_ARGB), "png", png);
        byte[] jpeg = Thumbnails.jpeg(png.toByteArray());
        assertNotNull(jpeg);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(Thumbnails.SIDE, read.getWidth());
        assertEquals(Thumbnails.SIDE / 2, read.getHeight());
        assertNull(Thumbnails.jpeg("<html>not an image</html>".getBytes()));
    }
}
