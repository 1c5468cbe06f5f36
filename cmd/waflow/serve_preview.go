package main

import "github.com/waflow/waflow/httpapi"

// mountPreview mounts the browser preview of stored flows at
// /preview/flows/{id}/, over the flows service and the script host that
// mountFlows built.
func (d *serverDeps) mountPreview() error {
	previews, err := httpapi.NewFlowPreviews(httpapi.PreviewOptions{
		Flows: d.flows, Apps: d.apps, Host: d.scripts, Tokens: d.tokens, Logger: d.log,
	})
	if err != nil {
		return err
	}
	httpapi.RegisterPreview(d.http, previews)
	return nil
}
