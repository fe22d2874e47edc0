-- A small fixed dataset for the reports' golden test (tests/integration/report.test.mjs),
-- applied with the sqlite3 shell to a database made by `keep init` (the Plan and the
-- council areas, no demo data). Made up: three organisations, their commitments (one of
-- each status, one past its due date), a timeline entry, a lead role, the Board's
-- assessments (two in the year 2024-25, one before it), a Board whose care-experienced
-- rule fails from 15 to 30 November 2024, one indicator with a target for Scotland and one for
-- Clackmannanshire and their yearly figures, evidence (one piece published, one not), and
-- spend lines for The Money: in 2024-25 £600,000 of foster care (crisis), £300,000 of
-- intensive family support (early help, pooled 60/40) and a national £100,000 of mental
-- health (early help, made up), so £1,000,000, 40.0% on early help, 30.0% pooled; in 2023-24
-- £750,000 of foster care and £250,000 of intensive family support (25.0% on early help).
-- A made-up plan of route maps from April 2024 (never Plan 24-30's content), so the year
-- 2024-25 reports against it whatever data/plan.json holds: any plan of route maps there
-- is made a draft here. Its route map "Advocacy and voice" carries on the action
-- Advocacy of Plan 21-24.
PRAGMA foreign_keys = ON;
UPDATE plan SET status = 'draft' WHERE shape = 'route_maps';
INSERT INTO plan(slug, title, starts, ends, status, shape) VALUES
  ('fixture-route-maps', 'Fixture plan of route maps', '2024-04-01', '2030-03-31', 'published', 'route_maps');
INSERT INTO priority(plan_id, slug, position, title, foundation_id) VALUES
  ((SELECT id FROM plan WHERE slug = 'fixture-route-maps'), 'fixture-voice-route-maps', 1, 'Voice',
   (SELECT id FROM foundation WHERE slug = 'voice')),
  ((SELECT id FROM plan WHERE slug = 'fixture-route-maps'), 'fixture-people-route-maps', 2, 'People',
   (SELECT id FROM foundation WHERE slug = 'people'));
INSERT INTO action(priority_id, slug, position, title, now_text, outcomes) VALUES
  ((SELECT id FROM priority WHERE slug = 'fixture-voice-route-maps'), 'fixture-advocacy-and-voice', 1,
   'Advocacy and voice', 'Advocacy is patchy.', 'Every child has an advocate'),
  ((SELECT id FROM priority WHERE slug = 'fixture-people-route-maps'), 'fixture-work-and-study', 1,
   'Work and study', NULL, NULL);
UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = 'fixture-advocacy-and-voice') WHERE slug = 'advocacy';
INSERT INTO organisation(slug, name, sector, scale, council_area) VALUES
  ('clackmannanshire-council', 'Clackmannanshire Council', 'public', 'local', 'S12000005'),
  ('care-charity', 'Care Charity', 'third', 'national', NULL),
  ('quiet-trust', 'Quiet Trust', 'third', 'national', NULL);
INSERT INTO commitment(slug, organisation_id, action_id, text, due, status) VALUES
  ('cc-advocacy', (SELECT id FROM organisation WHERE slug = 'care-charity'), (SELECT id FROM action WHERE slug = 'advocacy'),
   'Open an advocacy service in every council area', '2024-09-30', 'done'),
  ('clacks-youth-justice', (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'),
   (SELECT id FROM action WHERE slug = 'youth-justice'), 'No child under 18 held in a young offenders institution', '2026-03-31', 'under_way'),
  ('clacks-independent-living', (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'),
   (SELECT id FROM action WHERE slug = 'independent-living'), 'A home for every care leaver who asks for one', '2024-12-31', 'not_started'),
  ('cc-schools', (SELECT id FROM organisation WHERE slug = 'care-charity'), (SELECT id FROM action WHERE slug = 'schools-and-exclusion'),
   'Train every school in the area on exclusions', '2025-06-30', 'dropped');
INSERT INTO commitment_update(commitment_id, at, status, text) VALUES
  ((SELECT id FROM commitment WHERE slug = 'cc-advocacy'), '2024-09-30', 'done', 'The service is open in all 32 council areas.');
INSERT INTO lead(action_id, organisation_id, role) VALUES
  ((SELECT id FROM action WHERE slug = 'youth-justice'), (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'), 'lead');
INSERT INTO assessment(action_id, at, rating, text, next_steps, source, by_user) VALUES
  ((SELECT id FROM action WHERE slug = 'advocacy'), '2024-06-15', 'under_way_on_track', 'Advocacy is reaching more families.', 'Keep going.', 'Oversight Board', 'member@board.test'),
  ((SELECT id FROM action WHERE slug = 'youth-justice'), '2025-02-01', 'at_risk', 'Children are still held in young offenders institutions.', 'Set a date.', 'Oversight Board', 'member@board.test'),
  ((SELECT id FROM action WHERE slug = 'advocacy'), '2023-05-01', 'not_started', 'Nothing has started yet.', NULL, 'Oversight Board', 'member@board.test');
INSERT INTO board_member(slug, name, role, care_experienced, starts, ends) VALUES
  ('alex-chair', 'Alex Chair', 'chair', 1, '2024-04-01', NULL),
  ('bea-member', 'Bea Member', 'member', 1, '2024-04-01', NULL),
  ('cal-member', 'Cal Member', 'member', 0, '2024-04-01', NULL),
  ('dee-member', 'Dee Member', 'member', 0, '2024-11-01', '2024-11-30'),
  ('eve-member', 'Eve Member', 'member', 0, '2024-11-15', '2024-11-30');
INSERT INTO indicator(slug, title, unit, source, frequency, foundation_id) VALUES
  ('care-leavers-in-work', 'Care leavers in work or study', '%', 'Fixture statistics', 'yearly',
   (SELECT id FROM foundation WHERE slug = 'people'));
INSERT INTO target(slug, indicator_id, area, baseline, baseline_at, value, due, better) VALUES
  ('work-scotland', (SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S92000003', 40, '2022-03-31', 60, '2030-03-31', 'higher'),
  ('work-clackmannanshire', (SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S12000005', 30, '2022-03-31', 50, '2030-03-31', 'higher');
INSERT INTO observation(indicator_id, area, period, value, suppressed, source) VALUES
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S92000003', '2023-03-31', 43, 0, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S92000003', '2024-03-31', 45, 0, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S92000003', '2025-03-31', 47, 0, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S92000003', '2026-03-31', 52, 0, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S12000005', '2023-03-31', 31, 0, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S12000005', '2024-03-31', NULL, 1, 'Fixture statistics'),
  ((SELECT id FROM indicator WHERE slug = 'care-leavers-in-work'), 'S12000005', '2025-03-31', 31.5, 0, 'Fixture statistics');
INSERT INTO evidence(slug, organisation_id, kind, title, submitted, published, published_at) VALUES
  ('cc-plan', (SELECT id FROM organisation WHERE slug = 'care-charity'), 'plan', 'Our advocacy plan', '2024-05-01', 1, '2024-05-10'),
  ('cc-draft', (SELECT id FROM organisation WHERE slug = 'care-charity'), 'report', 'A draft nobody may see', '2024-06-01', 0, NULL);
INSERT INTO spend_line(slug, area, year, organisation_id, heading, level, kind, pooled, share, amount, source, made_up) VALUES
  ('clacks-foster-2024', 'S12000005', 2024, (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'), 'foster_care', 'services', 'crisis_acute', 0, NULL, 600000, 'Fixture budget', 0),
  ('clacks-ifs-2024', 'S12000005', 2024, (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'), 'intensive_family_support', 'families_places', 'early_help_prevention', 1, 60, 300000, 'Fixture budget', 0),
  ('charity-mh-2024', 'S92000003', 2024, (SELECT id FROM organisation WHERE slug = 'care-charity'), 'mental_health', 'services', 'early_help_prevention', 0, NULL, 100000, 'Fixture (made up)', 1),
  ('clacks-foster-2023', 'S12000005', 2023, (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'), 'foster_care', 'services', 'crisis_acute', 0, NULL, 750000, 'Fixture budget', 0),
  ('clacks-ifs-2023', 'S12000005', 2023, (SELECT id FROM organisation WHERE slug = 'clackmannanshire-council'), 'intensive_family_support', 'families_places', 'early_help_prevention', 0, NULL, 250000, 'Fixture budget', 0);
INSERT INTO spend_partner(line_id, position, organisation_id, name, share) VALUES
  ((SELECT id FROM spend_line WHERE slug = 'clacks-ifs-2024'), 1, (SELECT id FROM organisation WHERE slug = 'care-charity'), NULL, 40);
