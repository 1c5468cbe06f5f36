package providers

import "context"

// MessageType says which payload of an [OutboundMessage] is set.
type MessageType string

// Message types. Media covers image, video, document, audio and sticker
// (see [MediaKind]); flows are interactive messages of type flow.
const (
	MessageText        MessageType = "text"
	MessageMedia       MessageType = "media"
	MessageReaction    MessageType = "reaction"
	MessageTemplate    MessageType = "template"
	MessageInteractive MessageType = "interactive"
	MessageMarkRead    MessageType = "mark_read"
)

// MessageTypes lists every message type.
func MessageTypes() []MessageType {
	return []MessageType{MessageText, MessageMedia, MessageReaction, MessageTemplate, MessageInteractive, MessageMarkRead}
}

// OutboundMessage is one message to send, in the meaning of Meta's Cloud API
// but in no BSP's wire format: each provider translates it. Exactly the
// payload named by Type is set.
type OutboundMessage struct {
	// To is the recipient's WhatsApp id or phone number in E.164 digits; a
	// leading "+" is allowed. Mark-read requests need none.
	To string `json:"to,omitempty"`
	// ReplyTo quotes an earlier message: its wamid, or the BSP's id where
	// the BSP addresses messages by its own ids.
	ReplyTo string `json:"reply_to,omitempty"`
	// CallbackData is echoed by the BSP in the message's status webhooks
	// where the BSP supports it (Meta's biz_opaque_callback_data).
	CallbackData string      `json:"callback_data,omitempty"`
	Type         MessageType `json:"type"`

	Text        *Text            `json:"text,omitempty"`
	Media       *Media           `json:"media,omitempty"`
	Reaction    *Reaction        `json:"reaction,omitempty"`
	Template    *TemplateMessage `json:"template,omitempty"`
	Interactive *Interactive     `json:"interactive,omitempty"`
	MarkRead    *MarkRead        `json:"mark_read,omitempty"`
}

// Text is a plain text message. PreviewURL asks WhatsApp to render a
// preview of the first URL in Body.
type Text struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

// MediaKind is the kind of a media message or media header.
type MediaKind string

// Media kinds.
const (
	MediaImage    MediaKind = "image"
	MediaVideo    MediaKind = "video"
	MediaDocument MediaKind = "document"
	MediaAudio    MediaKind = "audio"
	MediaSticker  MediaKind = "sticker"
)

// MediaKinds lists every media kind.
func MediaKinds() []MediaKind {
	return []MediaKind{MediaImage, MediaVideo, MediaDocument, MediaAudio, MediaSticker}
}

// Media is an image, video, document, audio or sticker message, given by
// exactly one of Link (a public HTTPS URL) and ID (media uploaded to the
// BSP before). Caption applies to images, videos and documents, Filename to
// documents, Voice to audio (an OGG/OPUS voice note).
type Media struct {
	Kind     MediaKind `json:"kind"`
	Link     string    `json:"link,omitempty"`
	ID       string    `json:"id,omitempty"`
	Caption  string    `json:"caption,omitempty"`
	Filename string    `json:"filename,omitempty"`
	Voice    bool      `json:"voice,omitempty"`
}

// Reaction puts Emoji on an earlier message; an empty Emoji removes the
// reaction. WhatsApp reports only "sent" for reactions, never delivered or
// read.
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// MarkRead marks an inbound message as read, and with Typing shows the
// typing indicator to its sender until the next reply (or 25 seconds).
type MarkRead struct {
	MessageID string `json:"message_id"`
	Typing    bool   `json:"typing,omitempty"`
}

// SendResult is what a BSP answers to an accepted message.
type SendResult struct {
	// ID is the BSP's id of the message: the wamid at Meta and Kapso,
	// the BSP's own id at Gupshup and Infobip. Status webhooks name the
	// message by it or by WAMID.
	ID string
	// WAMID is WhatsApp's id when the answer carries it.
	WAMID string
	// Raw is the BSP's answer as received, for the record.
	Raw []byte
}

// MessageSender sends messages for an app.
//
// SendMessage is safe for concurrent use. It is not idempotent at any BSP:
// a repeated call sends the message again, so callers record each attempt
// before making it. A message type the BSP cannot send returns a
// *[UnsupportedError] naming the operation of [OutboundMessage.Operation];
// a message the BSP refuses is an *[Error] of Kind ErrorInvalid keeping the
// BSP's code and message. Acceptance only means the BSP took the message:
// delivery is reported later by status webhooks.
type MessageSender interface {
	SendMessage(ctx context.Context, app App, msg OutboundMessage) (SendResult, error)
}
