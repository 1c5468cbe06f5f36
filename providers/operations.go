package providers

// Operations of messaging and template management. Sending is split by
// message kind because BSPs differ there: one sends text but no reactions,
// another no flows on its older API.
const (
	OpSendText        Operation = "messages.send_text"
	OpSendMedia       Operation = "messages.send_media"
	OpSendReaction    Operation = "messages.send_reaction"
	OpSendTemplate    Operation = "messages.send_template"
	OpSendInteractive Operation = "messages.send_interactive"
	OpSendFlow        Operation = "messages.send_flow"
	OpMarkRead        Operation = "messages.mark_read"

	OpCreateTemplate Operation = "templates.create"
	OpGetTemplate    Operation = "templates.get"
	OpListTemplates  Operation = "templates.list"
	OpUpdateTemplate Operation = "templates.update"
	OpDeleteTemplate Operation = "templates.delete"
)

// Operations lists every operation a provider may offer, in lifecycle order
// and then by concern, so that callers and conformance tests can walk the
// whole set.
func Operations() []Operation {
	return []Operation{
		OpCreateFlow, OpUpdateFlowJSON, OpSetEndpoint, OpPublishFlow,
		OpDeprecateFlow, OpDeleteFlow, OpGetFlow, OpPreviewFlow, OpSetPublicKey,
		OpSendText, OpSendMedia, OpSendReaction, OpSendTemplate, OpSendInteractive, OpSendFlow, OpMarkRead,
		OpCreateTemplate, OpGetTemplate, OpListTemplates, OpUpdateTemplate, OpDeleteTemplate,
	}
}

// SendOperations lists the operations of MessageSender, one per kind of
// message.
func SendOperations() []Operation {
	return []Operation{OpSendText, OpSendMedia, OpSendReaction, OpSendTemplate, OpSendInteractive, OpSendFlow, OpMarkRead}
}

// TemplateOperations lists the operations of TemplateManager.
func TemplateOperations() []Operation {
	return []Operation{OpCreateTemplate, OpGetTemplate, OpListTemplates, OpUpdateTemplate, OpDeleteTemplate}
}
