<?php
// A WapiConnect webhook receiver in plain PHP (7.4 or newer, no extensions beyond the defaults).
//
//   WAPI_WEBHOOK_SECRET=... php -S 0.0.0.0:4000 receiver.php
//
// Verifies both signatures on the raw bytes received, rejects stale timestamps (replays),
// de-duplicates on X-Wapi-Event-Id (delivery is at-least-once) and answers 200 at once.
// Behind Apache or nginx + PHP-FPM the same file works as the webhook's script.

const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
// The body ends with ,"signature":"<64 hex>"} when a secret is set: 80 ASCII bytes.
const SUFFIX_BYTES = 80;

$secret = (string) getenv('WAPI_WEBHOOK_SECRET');

/** X-Wapi-Signature: t=<unix seconds>,v1=<HMAC of "<t>.<raw body>">. Returns why it fails, or null. */
function check_signature_header(string $raw, ?string $header, int $now, string $secret): ?string
{
    if ($header === null || $header === '') {
        return 'no X-Wapi-Signature header';
    }
    $t = '';
    $v1 = [];
    foreach (explode(',', $header) as $part) {
        $pair = explode('=', trim($part), 2);
        if ($pair[0] === 't' && isset($pair[1])) {
            $t = $pair[1];
        } elseif ($pair[0] === 'v1' && isset($pair[1])) {
            $v1[] = $pair[1];
        }
    }
    if (!preg_match('/^[0-9]{1,12}$/', $t) || !$v1) {
        return 'malformed X-Wapi-Signature header';
    }
    if (abs($now - (int) $t) > TOLERANCE_SECONDS) {
        return 'stale timestamp (replay?)';
    }
    $expected = hash_hmac('sha256', $t . '.' . $raw, $secret);
    foreach ($v1 as $given) {
        if (hash_equals($expected, $given)) {
            return null;
        }
    }
    return 'X-Wapi-Signature does not match';
}

/**
 * The "signature" field: HMAC of the body without that field, i.e. the raw bytes with the suffix cut
 * off and the "}" put back. Never json_encode($payload): it escapes "/" and non-ASCII, and still holds
 * the signature field.
 */
function check_signature_field(string $raw, string $secret): ?string
{
    if (!preg_match('/^,"signature":"([0-9a-f]{64})"\}$/D', substr($raw, -SUFFIX_BYTES), $m)) {
        return 'no signature field';
    }
    $unsigned = substr($raw, 0, -SUFFIX_BYTES) . '}';
    return hash_equals(hash_hmac('sha256', $unsigned, $secret), $m[1]) ? null : 'signature field does not match';
}

/** True the first time an event id is seen. A real receiver uses its database (a unique key on the id). */
function first_time(string $eventId): bool
{
    if ($eventId === '' || !ctype_digit($eventId)) {
        return true;
    }
    $dir = sys_get_temp_dir() . '/wapi-webhook-seen';
    @mkdir($dir, 0700);
    $marker = @fopen("$dir/$eventId", 'x'); // fails when it exists: atomic check-and-set
    if ($marker === false) {
        return false;
    }
    fclose($marker);
    return true;
}

/**
 * json_decode refuses a lone UTF-16 surrogate escape (a cut emoji, which JSON.stringify writes as
 * \ud83d), so such a payload is decoded again with U+FFFD in its place. The server writes real
 * surrogate pairs as raw UTF-8, so every \uD800-\uDFFF escape in its output is a lone one.
 */
function decode_payload(string $raw): ?array
{
    $payload = json_decode($raw, true);
    if ($payload === null && json_last_error() === JSON_ERROR_UTF16) {
        $raw = preg_replace_callback('/\\\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|.)/s', function (array $m): string {
            return $m[1][0] === 'u' ? '\\ufffd' : $m[0];
        }, $raw);
        $payload = json_decode($raw, true);
    }
    return is_array($payload) ? $payload : null;
}

function reply(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body);
}

function handle(array $payload): void
{
    $event = $payload['event'] ?? '';
    $sessionId = $payload['sessionId'] ?? null;
    $data = $payload['data'] ?? [];
    if ($event === 'message') {
        $from = preg_replace('/@s\.whatsapp\.net$/', '', $data['from']);
        error_log("message {$data['id']} from {$from} in {$sessionId}: {$data['body']}");
        // Auto-reply, store in a database, etc. Long work belongs on a queue: answer within 10 s.
    } else {
        error_log("{$event} in {$sessionId}: " . json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
    }
}

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
    reply(405, ['error' => 'POST only']);
    return;
}
if ((int) ($_SERVER['CONTENT_LENGTH'] ?? 0) > MAX_BODY_BYTES) {
    reply(413, ['error' => 'too large']);
    return;
}
$raw = (string) file_get_contents('php://input');
$eventId = (string) ($_SERVER['HTTP_X_WAPI_EVENT_ID'] ?? '');
if ($secret !== '') {
    $failure = check_signature_header($raw, $_SERVER['HTTP_X_WAPI_SIGNATURE'] ?? null, time(), $secret)
        ?? check_signature_field($raw, $secret);
    if ($failure !== null) {
        error_log("rejected event {$eventId}: {$failure}");
        reply(401, ['error' => $failure]);
        return;
    }
}
$payload = decode_payload($raw);
if ($payload === null) {
    reply(400, ['error' => 'not JSON']);
    return;
}
if (!first_time($eventId)) {
    error_log("duplicate event {$eventId} ignored");
    reply(200, ['ok' => true, 'duplicate' => true]);
    return;
}
reply(200, ['ok' => true]);
handle($payload);
