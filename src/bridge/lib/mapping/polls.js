// Votes on the polls this session sent.
import { decryptPollVote, getAggregateVotesInPollMessage, getKeyAuthor, isJidGroup, jidNormalizedUser, normalizeMessageContent } from '@whiskeysockets/baileys';
import { preferPhoneJid, toMillis } from './common.js';

/** The id of the poll a received poll vote is for, or null when the message is no poll vote. */
export function pollUpdateTarget(msg) {
  const content = msg?.message && normalizeMessageContent(msg.message);
  return content?.pollUpdateMessage?.pollCreationMessageKey?.id ?? null;
}

/**
 * A vote on one of our polls as the contract's PollVote. Baileys 7 no longer decrypts votes by itself:
 * the vote is encrypted with the poll's secret (messageContextInfo.messageSecret of the poll we sent),
 * so `pollMessage` is that sent message.
 */
export function pollVoteOf(msg, pollMessage, meId) {
  const update = normalizeMessageContent(msg.message).pollUpdateMessage;
  const me = jidNormalizedUser(meId);
  const vote = decryptPollVote(update.vote, {
    pollEncKey: pollMessage.message.messageContextInfo.messageSecret,
    pollCreatorJid: me,
    pollMsgId: update.pollCreationMessageKey.id,
    voterJid: getKeyAuthor(msg.key, me),
  });
  const options = getAggregateVotesInPollMessage({ message: pollMessage.message, pollUpdates: [{ pollUpdateMessageKey: msg.key, vote }] }, me)
    .filter((o) => o.voters.length > 0).map((o) => o.name);
  const isGroup = Boolean(isJidGroup(msg.key.remoteJid));
  return {
    poll_message_id: update.pollCreationMessageKey.id,
    chat: isGroup ? msg.key.remoteJid : preferPhoneJid(msg.key.remoteJid, msg.key.remoteJidAlt),
    voter: isGroup ? preferPhoneJid(msg.key.participant, msg.key.participantAlt) : preferPhoneJid(msg.key.remoteJid, msg.key.remoteJidAlt),
    options,
    timestamp: toMillis(msg.messageTimestamp),
  };
}
