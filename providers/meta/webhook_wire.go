package meta

import "encoding/json"

// The webhook's wire shapes (providers reference §1.5, Flows API §6–7).
// Fields waflow does not read are left out; encoding/json skips them.

type hookEnvelope struct {
	Object string      `json:"object"`
	Entry  []hookEntry `json:"entry"`
}

type hookEntry struct {
	ID      string          `json:"id"`
	Time    json.RawMessage `json:"time,omitempty"`
	Changes []hookChange    `json:"changes"`
}

type hookChange struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type hookMessagesValue struct {
	MessagingProduct string        `json:"messaging_product,omitempty"`
	Metadata         hookMetadata  `json:"metadata"`
	Contacts         []hookContact `json:"contacts,omitempty"`
	Messages         []hookMessage `json:"messages,omitempty"`
	Statuses         []hookStatus  `json:"statuses,omitempty"`
}

type hookMetadata struct {
	PhoneNumberID string `json:"phone_number_id"`
}

type hookContact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WAID string `json:"wa_id"`
}

type hookMessage struct {
	Context     *hookContext     `json:"context,omitempty"`
	From        string           `json:"from"`
	ID          string           `json:"id"`
	Timestamp   json.RawMessage  `json:"timestamp,omitempty"`
	Type        string           `json:"type"`
	Text        *hookText        `json:"text,omitempty"`
	Image       *hookMedia       `json:"image,omitempty"`
	Video       *hookMedia       `json:"video,omitempty"`
	Audio       *hookMedia       `json:"audio,omitempty"`
	Document    *hookMedia       `json:"document,omitempty"`
	Sticker     *hookMedia       `json:"sticker,omitempty"`
	Location    *hookLocation    `json:"location,omitempty"`
	Reaction    *hookReaction    `json:"reaction,omitempty"`
	Button      *hookButton      `json:"button,omitempty"`
	Interactive *hookInteractive `json:"interactive,omitempty"`
}

// media returns the media object named by the message's type.
func (m hookMessage) media() *hookMedia {
	switch m.Type {
	case "image":
		return m.Image
	case "video":
		return m.Video
	case "audio":
		return m.Audio
	case "document":
		return m.Document
	case "sticker":
		return m.Sticker
	}
	return nil
}

type hookContext struct {
	From string `json:"from,omitempty"`
	ID   string `json:"id"`
}

type hookText struct {
	Body string `json:"body"`
}

type hookMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type hookLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

type hookReaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type hookButton struct {
	Payload string `json:"payload"`
	Text    string `json:"text"`
}

type hookInteractive struct {
	Type        string        `json:"type"`
	ButtonReply *hookReply    `json:"button_reply,omitempty"`
	ListReply   *hookReply    `json:"list_reply,omitempty"`
	NFMReply    *hookNFMReply `json:"nfm_reply,omitempty"`
}

type hookReply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type hookNFMReply struct {
	Name         string `json:"name,omitempty"`
	Body         string `json:"body,omitempty"`
	ResponseJSON string `json:"response_json"`
}

type hookStatus struct {
	ID          string          `json:"id"`
	Status      string          `json:"status"`
	Timestamp   json.RawMessage `json:"timestamp,omitempty"`
	RecipientID string          `json:"recipient_id,omitempty"`
	Errors      []hookError     `json:"errors,omitempty"`
}

type hookError struct {
	Code      json.RawMessage `json:"code,omitempty"`
	Title     string          `json:"title,omitempty"`
	Message   string          `json:"message,omitempty"`
	ErrorData struct {
		Details string `json:"details,omitempty"`
	} `json:"error_data,omitzero"`
}

type hookTemplateStatus struct {
	Event      string          `json:"event"`
	TemplateID json.RawMessage `json:"message_template_id"`
	Name       string          `json:"message_template_name"`
	Language   string          `json:"message_template_language"`
	Reason     string          `json:"reason,omitempty"`
}

type hookFlowEvent struct {
	Event        string          `json:"event"`
	FlowID       string          `json:"flow_id"`
	Message      string          `json:"message,omitempty"`
	OldStatus    string          `json:"old_status,omitempty"`
	NewStatus    string          `json:"new_status,omitempty"`
	AlertState   string          `json:"alert_state,omitempty"`
	Threshold    float64         `json:"threshold,omitempty"`
	ErrorRate    float64         `json:"error_rate,omitempty"`
	Errors       []hookFlowError `json:"errors,omitempty"`
	P50          json.Number     `json:"p50_latency,omitempty"`
	P90          json.Number     `json:"p90_latency,omitempty"`
	Requests     json.Number     `json:"requests_count,omitempty"`
	Availability float64         `json:"availability,omitempty"`
	Warning      string          `json:"warning,omitempty"`
}

type hookFlowError struct {
	Type  string      `json:"error_type"`
	Rate  float64     `json:"error_rate"`
	Count json.Number `json:"error_count"`
}
