// A WapiConnect webhook receiver with Go's standard library (Go 1.19 or newer).
//
//	WAPI_WEBHOOK_SECRET=... PORT=4000 go run main.go
//
// Verifies both signatures on the raw bytes received, rejects stale timestamps (replays),
// de-duplicates on X-Wapi-Event-Id (delivery is at-least-once) and answers 200 at once.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	toleranceSeconds = 300
	maxBodyBytes     = 5 << 20
	// The body ends with ,"signature":"<64 hex>"} when a secret is set: 80 ASCII bytes.
	suffixBytes = 80
)

var (
	secret          = []byte(os.Getenv("WAPI_WEBHOOK_SECRET"))
	signatureSuffix = regexp.MustCompile(`^,"signature":"([0-9a-f]{64})"\}$`)
	timestampDigits = regexp.MustCompile(`^[0-9]{1,12}$`)
)

func hmacHex(parts ...[]byte) string {
	mac := hmac.New(sha256.New, secret)
	for _, p := range parts {
		mac.Write(p)
	}
	return hex.EncodeToString(mac.Sum(nil))
}

func safeEqual(expected, given string) bool {
	return hmac.Equal([]byte(expected), []byte(given))
}

// checkSignatureHeader verifies X-Wapi-Signature: t=<unix seconds>,v1=<HMAC of "<t>.<raw body>">.
func checkSignatureHeader(raw []byte, header string, now int64) error {
	if header == "" {
		return errors.New("no X-Wapi-Signature header")
	}
	var t string
	var v1 []string
	for _, part := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "t":
			t = value
		case "v1":
			v1 = append(v1, value)
		}
	}
	if !timestampDigits.MatchString(t) || len(v1) == 0 {
		return errors.New("malformed X-Wapi-Signature header")
	}
	ts, _ := strconv.ParseInt(t, 10, 64)
	if now-ts > toleranceSeconds || ts-now > toleranceSeconds {
		return errors.New("stale timestamp (replay?)")
	}
	expected := hmacHex([]byte(t+"."), raw)
	for _, given := range v1 {
		if safeEqual(expected, given) {
			return nil
		}
	}
	return errors.New("X-Wapi-Signature does not match")
}

// checkSignatureField verifies the "signature" field: the HMAC of the body without that field, i.e.
// the raw bytes with the suffix cut off and the "}" put back. Re-encoding the parsed payload with
// encoding/json cannot give the same bytes (it escapes <, > and &, and the field is still in it).
func checkSignatureField(raw []byte) error {
	if len(raw) < suffixBytes {
		return errors.New("no signature field")
	}
	m := signatureSuffix.FindSubmatch(raw[len(raw)-suffixBytes:])
	if m == nil {
		return errors.New("no signature field")
	}
	unsigned := append(append([]byte{}, raw[:len(raw)-suffixBytes]...), '}')
	if !safeEqual(hmacHex(unsigned), string(m[1])) {
		return errors.New("signature field does not match")
	}
	return nil
}

// seen remembers recent event ids. A real receiver keeps them in its database (a unique key on the id).
type seen struct {
	mu    sync.Mutex
	ids   map[string]bool
	order []string
}

func (s *seen) firstTime(id string) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids[id] {
		return false
	}
	s.ids[id] = true
	s.order = append(s.order, id)
	if len(s.order) > 10000 {
		delete(s.ids, s.order[0])
		s.order = s.order[1:]
	}
	return true
}

type payload struct {
	TenantID  string          `json:"tenantId"`
	Event     string          `json:"event"`
	SessionID *string         `json:"sessionId"`
	Timestamp int64           `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

type message struct {
	ID       string `json:"id"`
	From     string `json:"from"`
	Body     string `json:"body"`
	Type     string `json:"type"`
	IsGroup  bool   `json:"isGroup"`
	HasMedia bool   `json:"hasMedia"`
}

func handle(p payload) {
	session := "<none>"
	if p.SessionID != nil {
		session = *p.SessionID
	}
	if p.Event == "message" {
		var m message
		if err := json.Unmarshal(p.Data, &m); err != nil {
			log.Printf("message in %s: unreadable data: %v", session, err)
			return
		}
		log.Printf("message %s from %s in %s: %s", m.ID, strings.TrimSuffix(m.From, "@s.whatsapp.net"), session, m.Body)
		// Auto-reply, store in a database, etc. Long work belongs on a queue: answer within 10 s.
		return
	}
	log.Printf("%s in %s: %s", p.Event, session, p.Data)
}

func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "4000"
	}
	if len(secret) == 0 {
		log.Print("WAPI_WEBHOOK_SECRET is not set: accepting unsigned deliveries")
	}
	events := &seen{ids: map[string]bool{}}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			reply(w, http.StatusMethodNotAllowed, `{"error":"POST only"}`)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			reply(w, http.StatusRequestEntityTooLarge, `{"error":"too large"}`)
			return
		}
		eventID := r.Header.Get("X-Wapi-Event-Id")
		if len(secret) > 0 {
			err := checkSignatureHeader(raw, r.Header.Get("X-Wapi-Signature"), time.Now().Unix())
			if err == nil {
				err = checkSignatureField(raw)
			}
			if err != nil {
				log.Printf("rejected event %s: %v", eventID, err)
				reply(w, http.StatusUnauthorized, `{"error":`+strconv.Quote(err.Error())+`}`)
				return
			}
		}
		var p payload
		if err := json.Unmarshal(raw, &p); err != nil {
			reply(w, http.StatusBadRequest, `{"error":"not JSON"}`)
			return
		}
		if !events.firstTime(eventID) {
			log.Printf("duplicate event %s ignored", eventID)
			reply(w, http.StatusOK, `{"ok":true,"duplicate":true}`)
			return
		}
		reply(w, http.StatusOK, `{"ok":true}`)
		go handle(p)
	})
	log.Printf("listening on http://0.0.0.0:%s/", port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
