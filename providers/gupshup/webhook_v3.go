package gupshup

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/waflow/waflow/providers"
)

// The version 3 wire shapes: Meta's webhook envelope (Meta Flows API §6)
// with Gupshup's keys: gs_app_id, statuses with gs_id, an enqueued status
// timed in milliseconds, failures as code and reason, and replies whose
// context carries gs_id and meta_msg_id (context.id is Gupshup's short id,
// not a wamid).

type v3Envelope struct {
	Object  string `json:"object"`
	GsAppID string `json:"gs_app_id"`
	Entry   []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string          `json:"field"`
			Value json.RawMessage `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type v3Value struct {
	Metadata struct {
		PhoneNumberID string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WAID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []v3Message `json:"messages"`
	Statuses []v3Status  `json:"statuses"`
}

type v3Message struct {
	Context *struct {
		From      string `json:"from"`
		ID        string `json:"id"`
		GsID      string `json:"gs_id"`
		MetaMsgID string `json:"meta_msg_id"`
	} `json:"context"`
	From      string                 `json:"from"`
	ID        string                 `json:"id"`
	Timestamp json.RawMessage        `json:"timestamp"`
	Type      string                 `json:"type"`
	Text      *struct{ Body string } `json:"text"`
	Image     *v3Media               `json:"image"`
	Video     *v3Media               `json:"video"`
	Audio     *v3Media               `json:"audio"`
	Document  *v3Media               `json:"document"`
	Sticker   *v3Media               `json:"sticker"`
	Location  *struct {
		Latitude  json.RawMessage `json:"latitude"`
		Longitude json.RawMessage `json:"longitude"`
		Name      string          `json:"name"`
		Address   string          `json:"address"`
	} `json:"location"`
	Reaction *struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	} `json:"reaction"`
	Button *struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	Interactive *struct {
		Type        string   `json:"type"`
		ButtonReply *v3Reply `json:"button_reply"`
		ListReply   *v3Reply `json:"list_reply"`
		NFMReply    *struct {
			Body         string `json:"body"`
			ResponseJSON string `json:"response_json"`
		} `json:"nfm_reply"`
	} `json:"interactive"`
}

type v3Media struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
}

type v3Reply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

type v3Status struct {
	ID          string          `json:"id"`
	GsID        string          `json:"gs_id"`
	Status      string          `json:"status"`
	Type        string          `json:"type"`
	Timestamp   json.RawMessage `json:"timestamp"`
	RecipientID string          `json:"recipient_id"`
	Code        json.RawMessage `json:"code"`
	Reason      string          `json:"reason"`
	Errors      []struct {
		Code      json.RawMessage `json:"code"`
		Title     string          `json:"title"`
		Message   string          `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"errors"`
}

// media returns the media object named by the message's type.
func (m v3Message) media() *v3Media {
	return map[string]*v3Media{"image": m.Image, "video": m.Video, "audio": m.Audio, "document": m.Document, "sticker": m.Sticker}[m.Type]
}

// parseV3 reads the messages field of every entry; other fields (the
// billing-event among them) are skipped. Events carry gs_app_id as their
// Account.
func parseV3(body []byte) ([]providers.Event, error) {
	var env v3Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Object != "whatsapp_business_account" {
		return nil, fmt.Errorf("object is %q, want \"whatsapp_business_account\"", env.Object)
	}
	var out []providers.Event
	for i, e := range env.Entry {
		for j, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			events, err := v3Messages(c.Value)
			if err != nil {
				return nil, fmt.Errorf("entry[%d].changes[%d]: %w", i, j, err)
			}
			for _, ev := range events {
				ev.WABAID, ev.Account = e.ID, env.GsAppID
				out = append(out, ev)
			}
		}
	}
	return out, nil
}

func v3Messages(raw json.RawMessage) ([]providers.Event, error) {
	var v v3Value
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range v.Contacts {
		names[c.WAID] = c.Profile.Name
	}
	var out []providers.Event
	for i, m := range v.Messages {
		at, err := unixTime(m.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("messages[%d].timestamp: %w", i, err)
		}
		if m.ID == "" {
			return nil, fmt.Errorf("messages[%d]: no id", i)
		}
		msg, err := v3MessageOf(m)
		if err != nil {
			return nil, fmt.Errorf("messages[%d]: %w", i, err)
		}
		msg.ContactName = names[m.From]
		out = append(out, providers.Event{Kind: providers.EventMessage, DedupeKey: "message:" + m.ID,
			PhoneNumberID: v.Metadata.PhoneNumberID, At: at, Message: msg})
	}
	for i, s := range v.Statuses {
		if s.Type == "set-callback" {
			continue
		}
		at, err := unixTime(s.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("statuses[%d].timestamp: %w", i, err)
		}
		errs, err := v3Errors(s)
		if err != nil {
			return nil, fmt.Errorf("statuses[%d]: %w", i, err)
		}
		if s.ID == "" && s.GsID == "" {
			return nil, fmt.Errorf("statuses[%d]: no id", i)
		}
		if ev, ok := statusEvent(s.GsID, s.ID, s.Status, at, s.RecipientID, errs); ok {
			ev.PhoneNumberID = v.Metadata.PhoneNumberID
			out = append(out, ev)
		}
	}
	return out, nil
}

// v3Errors reads Meta's errors[] or Gupshup's code and reason.
func v3Errors(s v3Status) ([]providers.EventError, error) {
	var out []providers.EventError
	for _, e := range s.Errors {
		code, err := scalar(e.Code)
		if err != nil {
			return nil, fmt.Errorf("errors.code: %w", err)
		}
		out = append(out, providers.EventError{Code: code, Title: e.Title, Message: e.Message, Details: e.ErrorData.Details})
	}
	code, err := scalar(s.Code)
	if err != nil {
		return nil, fmt.Errorf("code: %w", err)
	}
	if code != "" || s.Reason != "" {
		out = append(out, providers.EventError{Code: code, Message: s.Reason})
	}
	return out, nil
}

func v3MessageOf(m v3Message) (*providers.InboundMessage, error) {
	msg := &providers.InboundMessage{ID: m.ID, From: m.From, Type: m.Type}
	if c := m.Context; c != nil {
		// Gupshup's id first: it is what SendMessage returned.
		if id := firstOf(c.GsID, c.MetaMsgID); id != "" {
			msg.Context = &providers.InboundContext{MessageID: id, From: c.From}
		}
	}
	switch m.Type {
	case "text":
		if m.Text != nil {
			msg.Text = m.Text.Body
		}
	case "image", "video", "audio", "document", "sticker":
		if md := m.media(); md != nil {
			msg.Media = &providers.InboundMedia{ID: md.ID, MimeType: md.MimeType, SHA256: md.SHA256, Caption: md.Caption, Filename: md.Filename}
		}
	case "location":
		if l := m.Location; l != nil {
			lat, err := number(l.Latitude)
			if err != nil {
				return nil, fmt.Errorf("location.latitude: %w", err)
			}
			lng, err := number(l.Longitude)
			if err != nil {
				return nil, fmt.Errorf("location.longitude: %w", err)
			}
			msg.Location = &providers.InboundLocation{Latitude: lat, Longitude: lng, Name: l.Name, Address: l.Address}
		}
	case "reaction":
		if r := m.Reaction; r != nil {
			msg.Reaction = &providers.InboundReaction{MessageID: r.MessageID, Emoji: r.Emoji}
		}
	case "button":
		if b := m.Button; b != nil {
			msg.Button = &providers.InboundButton{Payload: b.Payload, Text: b.Text}
		}
	case "interactive":
		return msg, v3Interactive(msg, m)
	}
	return msg, nil
}

func v3Interactive(msg *providers.InboundMessage, m v3Message) error {
	in := m.Interactive
	if in == nil {
		return nil
	}
	switch in.Type {
	case "button_reply", "list_reply":
		r := in.ButtonReply
		if in.Type == "list_reply" {
			r = in.ListReply
		}
		if r != nil {
			msg.Interactive = &providers.InboundInteractive{Type: in.Type, ID: r.ID, Title: r.Title, Description: r.Description}
		}
	case "nfm_reply":
		if in.NFMReply == nil {
			return nil
		}
		reply := &providers.FlowReply{Body: in.NFMReply.Body}
		if strings.TrimSpace(in.NFMReply.ResponseJSON) != "" {
			dec := json.NewDecoder(strings.NewReader(in.NFMReply.ResponseJSON))
			if err := dec.Decode(&reply.ResponseJSON); err != nil {
				return fmt.Errorf("nfm_reply.response_json: %w", err)
			}
			if dec.More() {
				return errors.New("nfm_reply.response_json: data after the JSON object")
			}
			if reply.ResponseJSON == nil {
				return errors.New("nfm_reply.response_json: null, want an object")
			}
			reply.FlowToken, _ = reply.ResponseJSON["flow_token"].(string)
		}
		if msg.Context != nil {
			reply.ContextMessageID = msg.Context.MessageID
		}
		msg.FlowReply = reply
	}
	return nil
}
