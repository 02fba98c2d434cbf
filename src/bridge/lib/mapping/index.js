// Translation between Baileys' types and the bridge contract's vocabulary: pure functions, the only place
// that knows both sides, one module per concern (tested with Baileys' own protobuf types in test/mapping/).
export { toIncoming, mediaOf } from './incoming.js';
export { parseVCard } from './vcard.js';
export { mediaRefOf, pollRefOf, messageFromRef } from './refs.js';
export { pollUpdateTarget, pollVoteOf } from './polls.js';
export { toContent, toSendOptions, toReadKeys, linkPreviewOf, isAnimatedWebp } from './outgoing.js';
export { mapDisconnect, ackOf, formatPairingCode, phoneOf } from './connection.js';
export { participantJid, groupOf, participantOutcomeOf, groupErrorOf, groupChangesOf, groupUpdatesOf } from './groups.js';
export { NO_LIMITS, withTimelock, withCapping, isTimelockRefusal, isTimelockError, lockedNow, sameLimits } from './limits.js';
export { parseWaVersion } from './connection.js';
export { toChange, toForward, toIncomingChange } from './changes.js';
export { lidOf, lidMappingOf, lidMappingsOf, contactMappingsOf, historyMappingsOf } from './identities.js';
