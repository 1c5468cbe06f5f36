package providers

import "slices"

// Messenger is a provider that sends messages and manages templates. It is
// not part of [Provider], which every BSP implements for flows: a caller
// that wants messaging asks for it with [SenderOf] or [TemplatesOf].
type Messenger interface {
	Provider
	MessageSender
	TemplateManager
}

// Operation is the capability sending m needs; "" for a Type this package
// does not know.
func (m OutboundMessage) Operation() Operation {
	switch m.Type {
	case MessageText:
		return OpSendText
	case MessageMedia:
		return OpSendMedia
	case MessageReaction:
		return OpSendReaction
	case MessageTemplate:
		return OpSendTemplate
	case MessageMarkRead:
		return OpMarkRead
	case MessageInteractive:
		if m.Interactive != nil && m.Interactive.Type == InteractiveFlow {
			return OpSendFlow
		}
		return OpSendInteractive
	}
	return ""
}

// SenderOf returns p as a MessageSender able to send m, or an
// *UnsupportedError naming m's operation when p does not implement sending
// or does not list that operation in its Capabilities.
func SenderOf(p Provider, m OutboundMessage) (MessageSender, error) {
	op := m.Operation()
	s, ok := p.(MessageSender)
	if !ok || !p.Capabilities().Supports(op) {
		return nil, &UnsupportedError{BSP: p.BSP(), Operation: op}
	}
	return s, nil
}

// TemplatesOf returns p as a TemplateManager, or an *UnsupportedError
// naming op when p does not implement template management or does not
// list op, one of TemplateOperations, in its Capabilities.
func TemplatesOf(p Provider, op Operation) (TemplateManager, error) {
	tm, ok := p.(TemplateManager)
	if !ok || !slices.Contains(TemplateOperations(), op) || !p.Capabilities().Supports(op) {
		return nil, &UnsupportedError{BSP: p.BSP(), Operation: op}
	}
	return tm, nil
}
