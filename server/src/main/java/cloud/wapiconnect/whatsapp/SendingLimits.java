package cloud.wapiconnect.whatsapp;

import java.util.Locale;
import java.util.Optional;

/**
 * What WhatsApp currently allows a number to send, as it reports it: the reach-out timelock (a number that
 * messaged too many people who never wrote to it is blocked from starting conversations for a while; WhatsApp
 * refuses such sends with error 463) and the new-chat capping state (warnings before a cap on messages to people
 * outside the number's chats).
 *
 * @param reachOut      whether sends are time-locked
 * @param reachOutUntil when the timelock ends (epoch ms), or null when WhatsApp did not say (it lasts until lifted)
 * @param newChats      where the number stands on WhatsApp's new-chat cap
 */
public record SendingLimits(ReachOut reachOut, Long reachOutUntil, NewChats newChats) {
    /** What a number starts with, and what it shows while WhatsApp has said nothing. */
    public static final SendingLimits NONE = new SendingLimits(ReachOut.OK, null, NewChats.NONE);

    /** How long a send waits when WhatsApp time-locked the number without saying until when. */
    public static final long UNKNOWN_LOCK_RETRY_SECONDS = 60;

    public SendingLimits {
        reachOut = reachOut == null ? ReachOut.OK : reachOut;
        newChats = newChats == null ? NewChats.NONE : newChats;
        reachOutUntil = reachOut == ReachOut.TIME_LOCKED ? reachOutUntil : null;
    }

    /** Whether a send at {@code now} (epoch ms) is refused by the timelock. */
    public boolean timeLockedAt(long now) {
        return reachOut == ReachOut.TIME_LOCKED && (reachOutUntil == null || reachOutUntil > now);
    }

    /** Seconds until the timelock ends (at least 1); {@link #UNKNOWN_LOCK_RETRY_SECONDS} when WhatsApp did not say. */
    public long retryAfterSeconds(long now) {
        if (reachOutUntil == null) {
            return UNKNOWN_LOCK_RETRY_SECONDS;
        }
        return Math.max(1, (reachOutUntil - now + 999) / 1000);
    }

    /** As clients see it at {@code now}: a timelock whose end has passed is over. */
    public SendingLimits at(long now) {
        return reachOut == ReachOut.TIME_LOCKED && !timeLockedAt(now)
                ? new SendingLimits(ReachOut.OK, null, newChats)
                : this;
    }

    public SendingLimits withReachOut(ReachOut state, Long until) {
        return new SendingLimits(state, until, newChats);
    }

    public SendingLimits withNewChats(NewChats state) {
        return new SendingLimits(reachOut, reachOutUntil, state);
    }

    /** The reach-out timelock: {@code ok} or {@code time_locked}. */
    public enum ReachOut {
        OK,
        TIME_LOCKED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<ReachOut> fromWire(String value) {
            for (ReachOut state : values()) {
                if (state.wireName().equals(value)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    /** WhatsApp's new-chat capping: {@code none}, {@code first_warning}, {@code second_warning}, {@code capped}. */
    public enum NewChats {
        NONE,
        FIRST_WARNING,
        SECOND_WARNING,
        CAPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<NewChats> fromWire(String value) {
            for (NewChats state : values()) {
                if (state.wireName().equals(value)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }
}
