-- A flow target keeps Meta's id of the remote flow beside the BSP's own
-- when they differ (Kapso names flows by UUID), so that Meta's flow
-- webhooks, which name Meta's id, find the target.

ALTER TABLE flow_targets ADD COLUMN meta_flow_id TEXT NOT NULL DEFAULT '';
