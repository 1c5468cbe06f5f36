package messagingtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/internal/conformance"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// TemplateRepositoryConformance checks that the repositories newRepo makes
// satisfy the [messaging.TemplateRepository] contract.
func TemplateRepositoryConformance(t *testing.T, newRepo func(t *testing.T) messaging.TemplateRepository) {
	t.Helper()
	conformance.Run(t, newRepo, []conformance.Case[messaging.TemplateRepository]{
		{Name: "CreateGet", Run: testTemplateCreateGet},
		{Name: "Lookups", Run: testTemplateLookups},
		{Name: "ConcurrentCreates", Run: testTemplateConcurrentCreates},
		{Name: "Update", Run: testTemplateUpdate},
		{Name: "ListDelete", Run: testTemplateListDelete},
	})
}

func template(n int, appID string) messaging.Template {
	at := base.Add(time.Duration(n) * time.Second)
	return messaging.Template{
		ID: fmt.Sprintf("tpl_%04d", n), AppID: appID,
		Template: providers.Template{
			Name: fmt.Sprintf("order_%d", n), Language: "en_US", Category: providers.CategoryUtility,
			ParameterFormat: providers.FormatPositional,
			Components: []providers.TemplateComponent{
				{Type: providers.ComponentHeader, Format: providers.HeaderImage,
					Example: &providers.TemplateExample{HeaderHandle: []string{"4::aW1hZ2U="}}},
				{Type: providers.ComponentBody, Text: "Hi {{1}}, order {{2}} ✓",
					Example: &providers.TemplateExample{BodyText: [][]string{{"Ana", "42"}}}},
				{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{
					{Type: providers.ButtonFlow, Text: "Open", FlowID: "123", FlowAction: providers.FlowNavigate, NavigateScreen: "A"}}},
			},
		},
		Status: messaging.TemplateDraft, Version: 1, CreatedAt: at, UpdatedAt: at,
	}
}

func testTemplateCreateGet(t *testing.T, repo messaging.TemplateRepository) {
	tpl := template(1, "app_1")
	require.NoError(t, repo.CreateTemplate(t.Context(), tpl))
	got, err := repo.GetTemplate(t.Context(), tpl.ID)
	require.NoError(t, err)
	assert.Equal(t, tpl, got)
	_, err = repo.GetTemplate(t.Context(), "tpl_missing")
	assert.ErrorIs(t, err, messaging.ErrNotFound)
	assert.ErrorIs(t, repo.CreateTemplate(t.Context(), tpl), messaging.ErrConflict, "a taken id")
	same := template(2, "app_1")
	same.Name = tpl.Name
	assert.ErrorIs(t, repo.CreateTemplate(t.Context(), same), messaging.ErrConflict, "a taken name and language")
	same.Language = "pt_BR"
	assert.NoError(t, repo.CreateTemplate(t.Context(), same), "another language is another template")
	other := template(3, "app_2")
	other.Name = tpl.Name
	assert.NoError(t, repo.CreateTemplate(t.Context(), other), "another app may use the name")
}

func testTemplateLookups(t *testing.T, repo messaging.TemplateRepository) {
	a, b := template(1, "app_1"), template(2, "app_2")
	a.RemoteID, a.Status = "r-1", messaging.TemplatePending
	require.NoError(t, repo.CreateTemplate(t.Context(), a))
	require.NoError(t, repo.CreateTemplate(t.Context(), b))
	got, err := repo.TemplateByName(t.Context(), "app_1", a.Name, "en_US")
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
	_, err = repo.TemplateByName(t.Context(), "app_2", a.Name, "en_US")
	assert.ErrorIs(t, err, messaging.ErrNotFound, "names are per app")
	got, err = repo.TemplateByRemoteID(t.Context(), "app_1", "r-1")
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
	_, err = repo.TemplateByRemoteID(t.Context(), "app_2", "")
	assert.ErrorIs(t, err, messaging.ErrNotFound, "the empty remote id names no template")
}

func testTemplateConcurrentCreates(t *testing.T, repo messaging.TemplateRepository) {
	const n = 6
	conformance.OneWins(t, n, messaging.ErrConflict, func(i int) error {
		tpl := template(10+i, "app_1")
		tpl.Name = "same"
		return repo.CreateTemplate(t.Context(), tpl)
	}, "one template per app, name and language")
}

func testTemplateUpdate(t *testing.T, repo messaging.TemplateRepository) {
	tpl := template(1, "app_1")
	require.NoError(t, repo.CreateTemplate(t.Context(), tpl))
	next := tpl
	next.Status, next.RemoteID, next.RawStatus, next.Reason = messaging.TemplateRejected, "r-9", "REJECTED", "INVALID_FORMAT"
	next.Components = next.Components[1:2]
	next.UpdatedAt = base.Add(time.Hour)
	require.NoError(t, repo.UpdateTemplate(t.Context(), next))
	got, err := repo.GetTemplate(t.Context(), tpl.ID)
	require.NoError(t, err)
	next.Version = 2
	assert.Equal(t, next, got)
	assert.ErrorIs(t, repo.UpdateTemplate(t.Context(), tpl), messaging.ErrConflict, "a stale version")
	missing := template(5, "app_1")
	assert.ErrorIs(t, repo.UpdateTemplate(t.Context(), missing), messaging.ErrNotFound)
}

func testTemplateListDelete(t *testing.T, repo messaging.TemplateRepository) {
	for i := 1; i <= 4; i++ {
		tpl := template(i, fmt.Sprintf("app_%d", 1+i%2))
		if i == 3 {
			tpl.Status = messaging.TemplateApproved
		}
		require.NoError(t, repo.CreateTemplate(t.Context(), tpl))
	}
	ids := func(q messaging.TemplateQuery) []string {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 100
		}
		got, err := repo.ListTemplates(t.Context(), q)
		require.NoError(t, err)
		out := []string{}
		for _, x := range got {
			out = append(out, x.ID)
		}
		return out
	}
	assert.Equal(t, []string{"tpl_0001", "tpl_0002", "tpl_0003", "tpl_0004"}, ids(messaging.TemplateQuery{}))
	assert.Equal(t, []string{"tpl_0001", "tpl_0003"}, ids(messaging.TemplateQuery{AppID: "app_2"}))
	assert.Equal(t, []string{"tpl_0003"}, ids(messaging.TemplateQuery{Status: messaging.TemplateApproved}))
	assert.Equal(t, []string{"tpl_0002"}, ids(messaging.TemplateQuery{Name: "order_2"}))
	assert.Equal(t, []string{"tpl_0003"}, ids(messaging.TemplateQuery{After: "tpl_0002", Limit: 1}))
	require.NoError(t, repo.DeleteTemplate(t.Context(), "tpl_0002"))
	assert.ErrorIs(t, repo.DeleteTemplate(t.Context(), "tpl_0002"), messaging.ErrNotFound)
	assert.Equal(t, []string{"tpl_0001", "tpl_0003", "tpl_0004"}, ids(messaging.TemplateQuery{}))
}
