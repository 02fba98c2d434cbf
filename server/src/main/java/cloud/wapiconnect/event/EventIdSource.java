package cloud.wapiconnect.event;

/**
 * Where event ids come from, decided by the database the node runs on (the same for every node sharing it).
 * Readers need ids that commit in order, or gaps that only last while the transaction that took an id is open:
 * the feed waits a grace period on a gap in case that transaction still commits.
 */
enum EventIdSource {
    /**
     * The events table's AUTO_INCREMENT (H2's identity column), on one database server (the embedded H2, or one
     * MariaDB shared by any number of nodes): free, and a gap lasts only while a transaction is open.
     */
    AUTO_INCREMENT,
    /**
     * The counter row {@code event_id_counter}, moved by the event's own transaction and locked until it ends:
     * ids dense and in commit order on every node. Needed where the database hands out AUTO_INCREMENT values in
     * steps ({@code auto_increment_increment > 1}: a Galera cluster), where every event would leave gaps that no
     * commit fills and the feed would wait out each one. It serializes event-writing transactions (measured with
     * {@code src/bench/java/EventIdBench.java}: about 0.3 to 0.6 of AUTO_INCREMENT's rate with 4 to 16 writers on
     * one MariaDB), so it is used only there.
     */
    COUNTER
}
