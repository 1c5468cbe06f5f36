// Package graph is the part of Meta's Graph API that more than one adapter
// speaks: package meta calls it directly, package kapso through Kapso's
// Meta proxy. It holds wire shapes and the paging rule, never a transport:
// each adapter sends the requests with its own client, authentication and
// errors, and only the paths and methods Kapso's proxy renames differ.
//
// # Templates
//
// [Template] is a template as GET /{waba}/message_templates and
// GET /{template_id} return it, read with [TemplateFields];
// [ListTemplates] follows the after cursor through every page; [Created]
// is the answer to a template's creation; [TemplateEdit] is the body of an
// edit; [Editable] says which statuses Meta lets an edit through.
//
// # Flows
//
// [Flow] is a flow as GET /{flow} returns it, which Gupshup passes on;
// [ValidationErrors] maps its validation_errors (the same objects in
// Kapso's answers), [JSONPointer] their pointer paths; [FlowStatus] maps
// the status words, which Infobip and Kapso's Platform API use too.
// [FlowJSONUpload] is the body of a flow.json upload.
//
// # Example
//
// Listing with the adapter's own request function:
//
//	list, err := graph.ListTemplates(nil, func(q url.Values, page *graph.TemplatePage) error {
//		return get(ctx, waba+"/message_templates", q, page)
//	})
package graph
