package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.message.DailyTraffic;
import cloud.wapiconnect.webhook.DailyDeliveries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortalChartsTest {
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 8);

    private static List<DailyTraffic> traffic(long sentOnLastDay) {
        List<DailyTraffic> days = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new DailyTraffic(FIRST.plusDays(i), i == 29 ? sentOnLastDay : 0, 0, i == 0 ? 1 : 0));
        }
        return days;
    }

    @Test
    void scalesEndOnOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, PortalCharts.niceCeiling(0));
        assertEquals(5, PortalCharts.niceCeiling(3));
        assertEquals(10, PortalCharts.niceCeiling(6));
        assertEquals(200, PortalCharts.niceCeiling(101));
        assertEquals(1000, PortalCharts.niceCeiling(1000));
    }

    @Test
    void theDailyLimitIsALineOnlyWhenItIsNearTheTraffic() {
        PortalCharts.Chart near = PortalCharts.traffic(traffic(80), 100);
        assertNotNull(near.limit());
        assertEquals("100", near.ticks().getLast().label());
        assertTrue(
                near.legend().getLast().label().equals("Daily limit (100)"),
                near.legend().toString());

        PortalCharts.Chart far = PortalCharts.traffic(traffic(3), 1000);
        assertNull(far.limit());
        assertEquals("5", far.ticks().getLast().label());
        assertEquals(
                "Daily limit 1,000: above this scale", far.legend().getLast().label());
    }

    @Test
    void barsStandOnTheAxisAndDaysWithoutTrafficDrawNothing() {
        PortalCharts.Chart chart = PortalCharts.traffic(traffic(5), 0);
        assertEquals(2, chart.bars().size(), chart.bars().toString());
        PortalCharts.Bar sent = chart.bars().getLast();
        assertEquals("sent", sent.series());
        assertEquals(
                PortalCharts.HEIGHT - 22.0, Double.parseDouble(sent.y()) + Double.parseDouble(sent.height()), 0.01);
        assertEquals("7 Dec: 5 sent", sent.tip());
        assertEquals(30, chart.rows().size());
        assertEquals(List.of("5", "0", "0"), chart.rows().getLast().cells());
    }

    @Test
    void deliveriesStackByOutcome() {
        List<DailyDeliveries> days = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new DailyDeliveries(FIRST.plusDays(i), i == 29 ? 6 : 0, i == 29 ? 2 : 0, i == 29 ? 2 : 0, 0));
        }
        PortalCharts.Chart chart = PortalCharts.deliveries(days);
        assertEquals(
                List.of("delivered", "pending", "dead"),
                chart.bars().stream().map(PortalCharts.Bar::series).toList());
        double deliveredTop = Double.parseDouble(chart.bars().get(0).y());
        double pendingBottom = Double.parseDouble(chart.bars().get(1).y())
                + Double.parseDouble(chart.bars().get(1).height());
        assertEquals(deliveredTop, pendingBottom, 0.01);
        assertTrue(chart.description().startsWith("6 delivered, 2 pending, 2 failed and 0 cancelled from 8 Nov 2026"));
    }
}
