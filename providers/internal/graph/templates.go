package graph

import (
	"net/url"

	"github.com/waflow/waflow/providers"
)

// TemplateFields are the fields read for a template.
const TemplateFields = "id,name,language,status,category,components,parameter_format"

// TemplatePageSize is how many templates one list request asks for.
const TemplatePageSize = "100"

// Template is a template as the Graph API returns it. Its components have
// the same shape as a submitted definition.
type Template struct {
	ID              string                        `json:"id"`
	Name            string                        `json:"name"`
	Language        string                        `json:"language"`
	Status          string                        `json:"status"`
	Category        providers.TemplateCategory    `json:"category"`
	ParameterFormat providers.ParameterFormat     `json:"parameter_format"`
	Components      []providers.TemplateComponent `json:"components"`
}

// Remote is w in the providers' terms.
func (w Template) Remote() providers.RemoteTemplate {
	return providers.RemoteTemplate{
		ID: w.ID, Status: providers.MapTemplateStatus(w.Status), RawStatus: w.Status,
		Template: providers.Template{
			Name: w.Name, Language: w.Language, Category: w.Category,
			ParameterFormat: w.ParameterFormat, Components: w.Components,
		},
	}
}

// Created is the answer to POST /{waba}/message_templates: the id, the
// status (PENDING) and the category Meta chose.
type Created struct {
	ID       string                     `json:"id"`
	Status   string                     `json:"status"`
	Category providers.TemplateCategory `json:"category"`
}

// Remote is the template sent, t, as created: with the id, the status and
// the category Meta answered, when it answered one.
func (c Created) Remote(t providers.Template) providers.RemoteTemplate {
	rt := providers.RemoteTemplate{ID: c.ID, Template: t, Status: providers.MapTemplateStatus(c.Status), RawStatus: c.Status}
	if c.Category != "" {
		rt.Template.Category = c.Category
	}
	return rt
}

// TemplateEdit is the body of a template edit: its category and
// components, replaced wholesale (name and language never change).
func TemplateEdit(t providers.Template) any {
	return struct {
		Category   providers.TemplateCategory    `json:"category,omitempty"`
		Components []providers.TemplateComponent `json:"components"`
	}{t.Category, t.Components}
}

// Editable reports whether Meta allows editing a template in status s:
// APPROVED, REJECTED and PAUSED only.
func Editable(s providers.TemplateStatus) bool {
	return s == providers.TemplateApproved || s == providers.TemplateRejected || s == providers.TemplatePaused
}

// TemplatePage is one page of GET /{waba}/message_templates.
type TemplatePage struct {
	Data   []Template `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// ListTemplates reads every template of a WABA, page by page: get sends
// GET /{waba}/message_templates with the query q (the fields, the page
// size, filter and the after cursor) and decodes the answer into page.
// It stops at the first error, and when a page has no next link, no
// cursor or no templates.
func ListTemplates(filter url.Values, get func(q url.Values, page *TemplatePage) error) ([]providers.RemoteTemplate, error) {
	out := []providers.RemoteTemplate{}
	after := ""
	for {
		q := url.Values{"fields": {TemplateFields}, "limit": {TemplatePageSize}}
		for k, v := range filter {
			q[k] = v
		}
		if after != "" {
			q.Set("after", after)
		}
		var page TemplatePage
		if err := get(q, &page); err != nil {
			return nil, err
		}
		for _, w := range page.Data {
			out = append(out, w.Remote())
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" || len(page.Data) == 0 {
			return out, nil
		}
		after = page.Paging.Cursors.After
	}
}

// HasTemplate reports whether list holds a template name in language.
func HasTemplate(list []providers.RemoteTemplate, name, language string) bool {
	for _, t := range list {
		if t.Template.Name == name && t.Template.Language == language {
			return true
		}
	}
	return false
}
