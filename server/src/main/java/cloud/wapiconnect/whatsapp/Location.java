package cloud.wapiconnect.whatsapp;

/**
 * A place on the map, as a location message carries it.
 *
 * @param latitude  -90..90
 * @param longitude -180..180
 * @param name      the place's name, or null
 * @param address   its address, or null
 */
public record Location(double latitude, double longitude, String name, String address) {}
