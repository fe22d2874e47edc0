// The access matrix (issue 3): every route of keep, tried anonymously and by every role,
// against the status each must get. The routes come from src/web/router.c itself, so a
// route added without a row here fails this test until someone decides who may use it.
//
// Every write is sent with a valid CSRF token (anonymous people get one from the sign-in
// form), so what is tested is the permission, not the CSRF check. Writes send a form
// that is wrong on purpose: those allowed get the form back (400) and nothing is saved;
// those refused get 403 (or are sent to sign in); after every refused write the audit
// log must not have grown.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, demoDb, keep, postForm, request, setCookie, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ORG = 'scottish-government';

// Who asks, in the order of every expectation below.
const WHO = [
	{ name: 'anonymous' },
	{ name: 'viewer', email: 'viewer@access.test', role: 'viewer' },
	{ name: 'board', email: 'board@access.test', role: 'board' },
	{ name: 'editor of another organisation', email: 'editor@cosla.test', role: 'editor', organisation: 'cosla' },
	{ name: 'editor', email: 'editor@sg.test', role: 'editor', organisation: ORG },
	{ name: 'staff', email: 'staff@access.test', role: 'staff' },
	{ name: 'admin', email: 'admin@access.test', role: 'admin' },
];

// Expectations, one status per entry of WHO.
const EVERYONE = [200, 200, 200, 200, 200, 200, 200];
// A form for the records of ORG: its editors, staff and admins.
const ORG_FORM = [303, 403, 403, 403, 200, 200, 200];
const ORG_POST = [303, 403, 403, 403, 400, 400, 400];
// A form for The Promise Scotland's staff and admins.
const STAFF_FORM = [303, 403, 403, 403, 403, 200, 200];
const STAFF_POST = [303, 403, 403, 403, 403, 400, 400];

// The Oversight Board's indicators and targets: its members and admins.
const BOARD_FORM = [303, 403, 200, 403, 403, 403, 200];
const BOARD_POST = [303, 403, 400, 403, 403, 403, 400];
// Figures: the Board, The Promise Scotland's staff and admins.
const RECORD_FORM = [303, 403, 200, 403, 403, 200, 200];
const RECORD_POST = [303, 403, 400, 403, 403, 400, 400];
const RECORD_ROLES = [false, false, true, false, false, true, true];
const TARGET = 'demo-looked-after-scotland';

// For the API: the status of each asker when allowed is the given one; anonymous
// callers get 401, others 403.
const API = (ok, allowed) => allowed.map((a, i) => (i === 0 ? 401 : a ? ok : 403));
const ORG_ROLES = [false, false, false, false, true, true, true];
const STAFF_ROLES = [false, false, false, false, false, true, true];

// Who sees evidence that is not yet published: its organisation, staff, board, admins.
const SEES_DRAFT = [404, 404, 200, 404, 200, 200, 200];
const DRAFT = `${ORG}-a-draft-report`;
const PUBLISHED = `${ORG}-a-published-report`;

const COMMITMENT = 'sg-child-protection-guidance';
// Commitments that the editor, staff and admin each delete through the form.
const DOOMED = ['sg-care-experience-grant', 'sg-care-experience-grant', 'sg-care-experience-grant',
	'sg-care-experience-grant', 'sg-care-experience-grant', 'sg-recommended-national-allowance', 'sg-end-yoi-placements'];
const ACTION = 'schools-and-exclusion';
const DEMO_SCENARIO = 'whole-family-wellbeing-fund';
const MINE = `${ORG}-scenario`;
// The demo's one spend line of ORG (the Whole Family Wellbeing Fund), and the lines that
// the editor, staff and admin each delete through the form.
const SPEND = 'scottish-government-2022-whole-family-wellbeing-fund';
const SPEND_DOOMED = [SPEND, SPEND, SPEND, SPEND, SPEND, 'demo-fife-council-2022-foster-care', 'demo-fife-council-2023-foster-care'];

// One row per route of router.c (method and pattern as written there): a path that
// matches it, what to send, and the expected statuses.
const MATRIX = [
	{ route: 'GET /', path: '/', expect: EVERYONE },
	{ route: 'GET /healthz', path: '/healthz', expect: EVERYONE },
	{ route: 'GET /board', path: '/board', expect: EVERYONE },
	{ route: 'GET /review', path: '/review', expect: EVERYONE },
	{ route: 'GET /review/priorities', path: '/review/priorities', expect: EVERYONE },
	{ route: 'GET /review/vision', path: '/review/vision', expect: EVERYONE },
	{ route: 'GET /gaps', path: '/gaps', expect: EVERYONE },
	{ route: 'GET /measures', path: '/measures', expect: EVERYONE },
	// Public; the demo has no care records, so everyone gets the same 422 page saying so.
	{ route: 'GET /money/projection', path: '/money/projection', expect: [422, 422, 422, 422, 422, 422, 422] },
	{ route: 'GET /places/sufficiency', path: '/places/sufficiency', expect: EVERYONE },
	{ route: 'GET /money/costs', path: '/money/costs', expect: EVERYONE },
	{ route: 'GET /money/costs/*/edit', path: '/money/costs/S12000005/edit', expect: STAFF_FORM },
	{ route: 'POST /money/costs/*/edit', path: '/money/costs/S12000005/edit', form: { type: '' }, expect: STAFF_POST },
	// The Money: any organisation's editors enter their own spend lines; staff and admins any.
	{ route: 'GET /money', path: '/money', expect: EVERYONE },
	{ route: 'GET /money/spend/new', path: '/money/spend/new', expect: [303, 403, 403, 200, 200, 200, 200] },
	{ route: 'POST /money/spend/new', path: '/money/spend/new', form: { amount: '' }, expect: [303, 403, 403, 400, 400, 400, 400] },
	{ route: 'GET /money/spend/*/edit', path: `/money/spend/${SPEND}/edit`, expect: ORG_FORM },
	{ route: 'POST /money/spend/*/edit', path: `/money/spend/${SPEND}/edit`, form: { amount: '' }, expect: ORG_POST },
	{ route: 'GET /money/spend/*/delete', path: `/money/spend/${SPEND}/delete`, expect: ORG_FORM },
	{ route: 'POST /money/spend/*/delete', path: (i) => `/money/spend/${SPEND_DOOMED[i]}/delete`, form: {}, expect: [303, 403, 403, 403, 303, 303, 303] },
	{ route: 'GET /reports', path: '/reports', expect: EVERYONE },
	{ route: 'GET /reports/organisations', path: '/reports/organisations?organisation=cosla', expect: EVERYONE.map(() => 303), redirect: '/reports/organisations/cosla' },
	{ route: 'GET /reports/areas', path: '/reports/areas?area=S12000005', expect: EVERYONE.map(() => 303), redirect: '/reports/areas/S12000005' },
	{ route: 'GET /reports/annual/*', path: '/reports/annual/2024', expect: EVERYONE },
	{ route: 'GET /reports/organisations/*', path: `/reports/organisations/${ORG}.pdf`, expect: EVERYONE },
	{ route: 'GET /reports/areas/*', path: '/reports/areas/S12000005', expect: EVERYONE },
	// The Money's scenarios: anyone reads them; staff and admins change any, an
	// organisation's editors add their own and change only those (MINE is ORG's; the
	// demo's scenario is The Promise Scotland's own).
	// Plans for requests for a place: staff and admins (and a council's own people, whom
	// this matrix does not hold: tests/integration/place-plan.test.mjs tries them). Plan 1
	// is kept in before().
	{ route: 'GET /places/plan', path: '/places/plan', expect: STAFF_FORM },
	{ route: 'POST /places/plan', path: '/places/plan', form: {}, expect: STAFF_POST },
	{ route: 'GET /places/plan/*', path: '/places/plan/1', expect: STAFF_FORM },
	{ route: 'POST /places/plan/*/decisions', path: '/places/plan/1/decisions', form: { request: 'R1' }, expect: STAFF_POST },
	{ route: 'GET /money/scenarios', path: '/money/scenarios', expect: EVERYONE },
	{ route: 'GET /money/scenarios/*', path: `/money/scenarios/${DEMO_SCENARIO}`, expect: EVERYONE },
	{ route: 'GET /money/scenarios/new', path: '/money/scenarios/new', expect: [303, 403, 403, 200, 200, 200, 200] },
	{ route: 'POST /money/scenarios/new', path: '/money/scenarios/new', form: { name: '' }, expect: [303, 403, 403, 400, 400, 400, 400] },
	{ route: 'GET /money/scenarios/*/edit', path: `/money/scenarios/${MINE}/edit`, expect: ORG_FORM },
	{ route: 'GET /money/scenarios/*/edit', path: `/money/scenarios/${DEMO_SCENARIO}/edit`, expect: STAFF_FORM },
	{ route: 'POST /money/scenarios/*/edit', path: `/money/scenarios/${MINE}/edit`, form: { name: '' }, expect: ORG_POST },
	{ route: 'POST /money/scenarios/*/edit', path: `/money/scenarios/${DEMO_SCENARIO}/edit`, form: { name: '' }, expect: STAFF_POST },
	{ route: 'GET /money/scenarios/*/delete', path: `/money/scenarios/${MINE}/delete`, expect: ORG_FORM },
	// Allowed, each deletes a scenario of ORG's (so each is found); the others aim at the first.
	{ route: 'POST /money/scenarios/*/delete', path: (i) => `/money/scenarios/${ORG}-doomed-${Math.max(i, 4)}/delete`, form: {}, expect: [303, 403, 403, 403, 303, 303, 303] },
	{ route: 'GET /board/new', path: '/board/new', expect: STAFF_FORM },
	{ route: 'POST /board/new', path: '/board/new', form: { name: '' }, expect: STAFF_POST },
	{ route: 'GET /board/*/edit', path: '/board/demo-member-1/edit', expect: STAFF_FORM },
	{ route: 'POST /board/*/edit', path: '/board/demo-member-1/edit', form: { name: '' }, expect: STAFF_POST },
	{ route: 'GET /plans/*', path: '/plans/plan-21-24', expect: EVERYONE },
	{ route: 'GET /actions/*', path: `/actions/${ACTION}`, expect: EVERYONE },
	{ route: 'GET /foundations/*', path: '/foundations/voice', expect: EVERYONE },
	{ route: 'GET /organisations', path: '/organisations', expect: EVERYONE },
	{ route: 'GET /organisations/*', path: `/organisations/${ORG}`, expect: EVERYONE },
	{ route: 'GET /organisations/*/edit', path: `/organisations/${ORG}/edit`, expect: ORG_FORM },
	{ route: 'POST /organisations/*/edit', path: `/organisations/${ORG}/edit`, form: { name: '' }, expect: ORG_POST },
	{ route: 'GET /organisations/*/commitments/new', path: `/organisations/${ORG}/commitments/new`, expect: ORG_FORM },
	{
		route: 'POST /organisations/*/commitments/new',
		path: `/organisations/${ORG}/commitments/new`,
		form: { text: '' },
		expect: ORG_POST,
	},
	// The Oversight Board's own: its members and admins, not The Promise Scotland's staff.
	{ route: 'GET /actions/*/assess', path: `/actions/${ACTION}/assess`, expect: [303, 403, 200, 403, 403, 403, 200] },
	{ route: 'POST /actions/*/assess', path: `/actions/${ACTION}/assess`, form: { rating: '' }, expect: [303, 403, 400, 403, 403, 403, 400] },
	{ route: 'GET /actions/*/heard', path: `/actions/${ACTION}/heard`, expect: STAFF_FORM },
	{ route: 'POST /actions/*/heard', path: `/actions/${ACTION}/heard`, form: { text: ' ' }, expect: STAFF_POST },
	// Heard notes changed, deleted and their texts removed: staff and admins. A delete
	// aims at a note that is not there, so those allowed get as far as finding none.
	{ route: 'GET /heard/*/edit', path: '/heard/planning-001/edit', expect: STAFF_FORM },
	{ route: 'POST /heard/*/edit', path: '/heard/planning-001/edit', form: { text: ' ' }, expect: STAFF_POST },
	{ route: 'GET /heard/*/delete', path: '/heard/planning-001/delete', expect: STAFF_FORM },
	{ route: 'POST /heard/*/delete', path: '/heard/planning-999/delete', form: {}, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'GET /heard/*/remove-text', path: '/heard/planning-001/remove-text', expect: STAFF_FORM },
	{ route: 'POST /heard/*/remove-text', path: '/heard/planning-001/remove-text', form: { field: 'text', reason: '' }, expect: STAFF_POST },
	{ route: 'GET /evidence/*/remove-text', path: `/evidence/${PUBLISHED}/remove-text`, expect: STAFF_FORM },
	{ route: 'POST /evidence/*/remove-text', path: `/evidence/${PUBLISHED}/remove-text`, form: { field: 'title', reason: '' }, expect: STAFF_POST },
	{ route: 'GET /commitments/*/remove-text', path: `/commitments/${COMMITMENT}/remove-text`, expect: STAFF_FORM },
	{ route: 'POST /commitments/*/remove-text', path: `/commitments/${COMMITMENT}/remove-text`, form: { field: 'text', reason: '' }, expect: STAFF_POST },
	// An assessment's texts: its id is its action's slug and its number; one that is not
	// there gets as far as finding none.
	{ route: 'GET /assessments/*/remove-text', path: `/assessments/${ACTION}-999999/remove-text`, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'POST /assessments/*/remove-text', path: `/assessments/${ACTION}-999999/remove-text`, form: { field: 'text', reason: 'r' }, expect: [303, 403, 403, 403, 403, 404, 404] },
	// A target's note: staff and admins (a post without a reason is sent back).
	{ route: 'GET /targets/*/remove-text', path: `/targets/${TARGET}/remove-text`, expect: STAFF_FORM },
	{ route: 'POST /targets/*/remove-text', path: `/targets/${TARGET}/remove-text`, form: { field: 'note', reason: '' }, expect: STAFF_POST },
	// The demo's commitments have no timeline entries: those allowed find none.
	{ route: 'GET /commitments/*/updates/*/remove-text', path: `/commitments/${COMMITMENT}/updates/1/remove-text`, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'POST /commitments/*/updates/*/remove-text', path: `/commitments/${COMMITMENT}/updates/1/remove-text`, form: { field: 'text', reason: 'r' }, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'GET /commitments/*', path: `/commitments/${COMMITMENT}`, expect: EVERYONE },
	{ route: 'GET /commitments/*/edit', path: `/commitments/${COMMITMENT}/edit`, expect: ORG_FORM },
	{ route: 'POST /commitments/*/edit', path: `/commitments/${COMMITMENT}/edit`, form: { text: '' }, expect: ORG_POST },
	{ route: 'GET /commitments/*/updates', path: `/commitments/${COMMITMENT}/updates`, expect: ORG_FORM },
	{ route: 'POST /commitments/*/updates', path: `/commitments/${COMMITMENT}/updates`, form: { text: '', at: 'x' }, expect: ORG_POST },
	{ route: 'GET /commitments/*/delete', path: `/commitments/${COMMITMENT}/delete`, expect: ORG_FORM },
	// Allowed, each deletes a commitment of its own (so each is found).
	{ route: 'POST /commitments/*/delete', path: (i) => `/commitments/${DOOMED[i]}/delete`, form: {}, expect: [303, 403, 403, 403, 303, 303, 303] },
	{ route: 'GET /organisations/new', path: '/organisations/new', expect: STAFF_FORM },
	{ route: 'POST /organisations/new', path: '/organisations/new', form: { name: '' }, expect: STAFF_POST },
	{ route: 'GET /actions/*/leads', path: '/actions/planning/leads', expect: STAFF_FORM },
	{ route: 'POST /actions/*/leads', path: '/actions/planning/leads', form: { organisation: '', role: '' }, expect: STAFF_POST },
	// No such lead: those allowed get as far as finding none.
	{ route: 'POST /actions/*/leads/*/remove', path: '/actions/planning/leads/no-such-body/remove', form: {}, expect: [303, 403, 403, 403, 403, 404, 404] },
	// Which later route map carries an action on: staff and admins (no such route map: the
	// form comes back). A commitment moved to it: those who may change the commitment,
	// who get as far as finding that nothing carries its action on.
	{ route: 'GET /actions/*/carried-on', path: '/actions/planning/carried-on', expect: STAFF_FORM },
	{ route: 'POST /actions/*/carried-on', path: '/actions/planning/carried-on', form: { carried_by: 'no-such-route-map' }, expect: STAFF_POST },
	{ route: 'POST /commitments/*/move', path: `/commitments/${COMMITMENT}/move`, form: {}, expect: [303, 403, 403, 403, 409, 409, 409] },
	// Evidence of ORG: DRAFT is not published (seen by ORG's people, staff, board and
	// admins; to anyone else it does not exist), PUBLISHED is.
	{ route: 'GET /organisations/*/evidence/new', path: `/organisations/${ORG}/evidence/new`, expect: ORG_FORM },
	{ route: 'POST /organisations/*/evidence/new', path: `/organisations/${ORG}/evidence/new`, form: { title: '' }, expect: ORG_POST },
	{ route: 'GET /evidence/*', path: `/evidence/${PUBLISHED}`, expect: EVERYONE },
	{ route: 'GET /evidence/*', path: `/evidence/${DRAFT}`, expect: SEES_DRAFT },
	{ route: 'GET /evidence/*/file', path: `/evidence/${PUBLISHED}/file`, expect: EVERYONE },
	{ route: 'GET /evidence/*/file', path: `/evidence/${DRAFT}/file`, expect: SEES_DRAFT },
	{ route: 'GET /evidence/*/edit', path: `/evidence/${DRAFT}/edit`, expect: [303, 404, 403, 404, 200, 200, 200] },
	{ route: 'GET /evidence/*/edit', path: `/evidence/${PUBLISHED}/edit`, expect: ORG_FORM },
	{ route: 'POST /evidence/*/edit', path: `/evidence/${DRAFT}/edit`, form: { title: '' }, expect: [303, 404, 403, 404, 400, 400, 400] },
	{ route: 'GET /evidence/*/delete', path: `/evidence/${DRAFT}/delete`, expect: [303, 404, 403, 404, 200, 200, 200] },
	// Allowed, each deletes a draft of its own (so each is found); the others aim at the first.
	{ route: 'POST /evidence/*/delete', path: (i) => `/evidence/${ORG}-doomed-${Math.max(i - 3, 1)}/delete`, form: {}, expect: [303, 404, 403, 404, 303, 303, 303] },
	// An organisation with records: staff see why it cannot go, and a POST is refused.
	{ route: 'GET /organisations/*/delete', path: `/organisations/${ORG}/delete`, expect: STAFF_FORM },
	{ route: 'POST /organisations/*/delete', path: `/organisations/${ORG}/delete`, form: {}, expect: [303, 403, 403, 403, 403, 409, 409] },
	// Publishing is for staff and admins (a wrong value, so nothing changes).
	{ route: 'POST /evidence/*/publish', path: `/evidence/${DRAFT}/publish`, form: { publish: 'maybe' }, expect: [303, 404, 403, 404, 403, 400, 400] },
	// Indicators, targets and figures: anyone reads them; the Board sets them.
	{ route: 'GET /indicators', path: '/indicators', expect: EVERYONE },
	{ route: 'GET /indicators/new', path: '/indicators/new', expect: BOARD_FORM },
	{ route: 'POST /indicators/new', path: '/indicators/new', form: { title: '' }, expect: BOARD_POST },
	{ route: 'GET /indicators/*/edit', path: '/indicators/child-protection/edit', expect: BOARD_FORM },
	{ route: 'POST /indicators/*/edit', path: '/indicators/child-protection/edit', form: { title: '' }, expect: BOARD_POST },
	{ route: 'GET /targets/new', path: '/targets/new', expect: BOARD_FORM },
	{ route: 'POST /targets/new', path: '/targets/new', form: { indicator: '' }, expect: BOARD_POST },
	{ route: 'GET /targets/*/edit', path: `/targets/${TARGET}/edit`, expect: BOARD_FORM },
	{ route: 'POST /targets/*/edit', path: `/targets/${TARGET}/edit`, form: { indicator: '' }, expect: BOARD_POST },
	{ route: 'GET /targets/*/delete', path: `/targets/${TARGET}/delete`, expect: BOARD_FORM },
	// No such target: those allowed get as far as finding none.
	{ route: 'POST /targets/*/delete', path: '/targets/no-such-target/delete', form: {}, expect: [303, 403, 404, 403, 403, 403, 404] },
	{ route: 'GET /indicators/*/figures', path: '/indicators/child-protection/figures', expect: EVERYONE },
	{ route: 'GET /observations/new', path: '/observations/new', expect: RECORD_FORM },
	{ route: 'POST /observations/new', path: '/observations/new', form: { indicator: '' }, expect: RECORD_POST },
	{ route: 'GET /observations/*/*/*/delete', path: '/observations/child-protection/S92000003/2023-07-31/delete', expect: RECORD_FORM },
	// A figure there is not: those who may record it get 404, nothing is deleted.
	{ route: 'POST /observations/*/*/*/delete', path: '/observations/child-protection/S92000003/1999-07-31/delete', form: {}, expect: [303, 403, 404, 403, 403, 404, 404] },
	// Keeping the Plan: staff and admins; the Board reads the Plan but does not keep it.
	// Wrong forms come back (400); deletes aim at what cannot go (409) or is not there (404).
	{ route: 'GET /plans/new', path: '/plans/new', expect: STAFF_FORM },
	{ route: 'POST /plans/new', path: '/plans/new', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /plans/*/edit', path: '/plans/plan-21-24/edit', expect: STAFF_FORM },
	{ route: 'POST /plans/*/edit', path: '/plans/plan-21-24/edit', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /plans/*/delete', path: '/plans/plan-21-24/delete', expect: STAFF_FORM },
	{ route: 'POST /plans/*/delete', path: '/plans/plan-21-24/delete', form: {}, expect: [303, 403, 403, 403, 403, 409, 409] },
	{ route: 'GET /plans/*/phases/new', path: '/plans/plan-21-24/phases/new', expect: STAFF_FORM },
	{ route: 'POST /plans/*/phases/new', path: '/plans/plan-21-24/phases/new', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /phases/*/edit', path: '/phases/bedding-down/edit', expect: STAFF_FORM },
	{ route: 'POST /phases/*/edit', path: '/phases/bedding-down/edit', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /phases/*/delete', path: '/phases/bedding-down/delete', expect: STAFF_FORM },
	{ route: 'POST /phases/*/delete', path: '/phases/no-such-phase/delete', form: {}, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'GET /plans/*/priorities/new', path: '/plans/plan-21-24/priorities/new', expect: STAFF_FORM },
	{ route: 'POST /plans/*/priorities/new', path: '/plans/plan-21-24/priorities/new', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /priorities/*/edit', path: '/priorities/a-good-childhood/edit', expect: STAFF_FORM },
	{ route: 'POST /priorities/*/edit', path: '/priorities/a-good-childhood/edit', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /priorities/*/delete', path: '/priorities/a-good-childhood/delete', expect: STAFF_FORM },
	{ route: 'POST /priorities/*/delete', path: '/priorities/a-good-childhood/delete', form: {}, expect: [303, 403, 403, 403, 403, 409, 409] },
	{ route: 'GET /priorities/*/actions/new', path: '/priorities/a-good-childhood/actions/new', expect: STAFF_FORM },
	{ route: 'POST /priorities/*/actions/new', path: '/priorities/a-good-childhood/actions/new', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /actions/*/edit', path: '/actions/planning/edit', expect: STAFF_FORM },
	{ route: 'POST /actions/*/edit', path: '/actions/planning/edit', form: { title: '' }, expect: STAFF_POST },
	{ route: 'GET /actions/*/delete', path: '/actions/planning/delete', expect: STAFF_FORM },
	{ route: 'POST /actions/*/delete', path: '/actions/planning/delete', form: {}, expect: [303, 403, 403, 403, 403, 409, 409] },
	{ route: 'GET /actions/*/milestones/new', path: '/actions/investment/milestones/new', expect: STAFF_FORM },
	{ route: 'POST /actions/*/milestones/new', path: '/actions/investment/milestones/new', form: { text: '' }, expect: STAFF_POST },
	{ route: 'GET /milestones/*/edit', path: '/milestones/investment-001/edit', expect: STAFF_FORM },
	{ route: 'POST /milestones/*/edit', path: '/milestones/investment-001/edit', form: { text: '' }, expect: STAFF_POST },
	{ route: 'GET /milestones/*/delete', path: '/milestones/investment-001/delete', expect: STAFF_FORM },
	{ route: 'POST /milestones/*/delete', path: '/milestones/investment-999/delete', form: {}, expect: [303, 403, 403, 403, 403, 404, 404] },
	{ route: 'GET /imports', path: '/imports', expect: STAFF_FORM },
	// An urlencoded form carries no file: those allowed get the form back.
	{ route: 'POST /imports', path: '/imports', form: { kind: 'commitments' }, expect: STAFF_POST },
	{ route: 'GET /exports/*', path: '/exports/commitments.csv', expect: EVERYONE },
	{ route: 'GET /search', path: '/search?q=care', expect: EVERYONE },
	// Signed in, the sign-in page sends people home.
	{ route: 'GET /login', path: '/login', expect: [200, 303, 303, 303, 303, 303, 303] },
	{ route: 'POST /login', path: '/login', form: { email: '', password: '' }, expect: [400, 400, 400, 400, 400, 400, 400] },
	// Signing out ends the session: each role signs in afresh for it (fresh).
	{ route: 'POST /logout', path: '/logout', form: {}, fresh: true, expect: [303, 303, 303, 303, 303, 303, 303] },
	{ route: 'GET /static/*', path: '/static/keep.css', expect: EVERYONE },
	{ route: 'GET /api/openapi.json', path: '/api/openapi.json', expect: EVERYONE },
	{ route: 'GET /api/v1/review', path: '/api/v1/review', expect: EVERYONE },
	{ route: 'GET /api/v1/gaps', path: '/api/v1/gaps', expect: EVERYONE },
	{ route: 'GET /api/v1/projection', path: '/api/v1/projection', expect: [422, 422, 422, 422, 422, 422, 422] },
	{ route: 'GET /api/v1/sufficiency', path: '/api/v1/sufficiency', expect: EVERYONE },
	{ route: 'GET /api/v1/unit-costs', path: '/api/v1/unit-costs', expect: EVERYONE },
	{ route: 'POST /api/v1/unit-costs', path: '/api/v1/unit-costs', json: { area: 'S12000005' }, expect: API(422, STAFF_ROLES) },
	{ route: 'GET /api/v1/spend', path: '/api/v1/spend?area=S12000047&year=2024-25', expect: EVERYONE },
	{ route: 'GET /api/v1/place-plans', path: '/api/v1/place-plans', expect: API(200, STAFF_ROLES) },
	{ route: 'GET /api/v1/place-plans/*', path: '/api/v1/place-plans/1', expect: API(200, STAFF_ROLES) },
	{ route: 'POST /api/v1/place-plans', path: '/api/v1/place-plans', json: {}, expect: API(400, STAFF_ROLES) },
	{ route: 'POST /api/v1/place-plans/*/decisions', path: '/api/v1/place-plans/1/decisions', json: { request: 'R1' }, expect: API(422, STAFF_ROLES) },
	{ route: 'GET /api/v1/*', path: '/api/v1/commitments', expect: EVERYONE },
	{ route: 'GET /api/v1/*/*', path: `/api/v1/commitments/${COMMITMENT}`, expect: EVERYONE },
	{ route: 'GET /api/v1/actions/*/leads/*', path: `/api/v1/actions/planning/leads/${ORG}`, expect: EVERYONE },
	{ route: 'GET /api/v1/observations/*/*/*', path: '/api/v1/observations/child-protection/S92000003/2023-07-31', expect: EVERYONE },
	// No such figure: those allowed get as far as finding none.
	{ route: 'DELETE /api/v1/observations/*/*/*', path: '/api/v1/observations/child-protection/S92000003/1999-07-31', expect: API(404, RECORD_ROLES) },
	// Signing in for programs: an empty body is wrong for everyone alike.
	{ route: 'POST /api/v1/session', path: '/api/v1/session', json: {}, expect: [422, 422, 422, 422, 422, 422, 422] },
	{ route: 'DELETE /api/v1/session', path: '/api/v1/session', fresh: true, expect: [401, 204, 204, 204, 204, 204, 204] },
	{ route: 'POST /api/v1/*', path: '/api/v1/commitments', json: { organisation: ORG }, expect: API(422, ORG_ROLES) },
	// A scenario: any editor may add one (their organisation's); only staff change one not theirs.
	{ route: 'POST /api/v1/*', path: '/api/v1/scenarios', json: { name: '' }, expect: API(422, [false, false, false, true, true, true, true]) },
	{ route: 'PATCH /api/v1/*/*', path: `/api/v1/scenarios/${DEMO_SCENARIO}`, json: { name: '' }, expect: API(422, STAFF_ROLES) },
	{ route: 'PATCH /api/v1/*/*', path: `/api/v1/scenarios/${MINE}`, json: { name: '' }, expect: API(422, ORG_ROLES) },
	{ route: 'PATCH /api/v1/*/*', path: `/api/v1/commitments/${COMMITMENT}`, json: { status: 'bogus' }, expect: API(422, ORG_ROLES) },
	// An organisation with commitments cannot be deleted, even by those allowed.
	{ route: 'DELETE /api/v1/*/*', path: `/api/v1/organisations/${ORG}`, expect: API(409, STAFF_ROLES) },
	{ route: 'POST /api/v1/redactions', path: '/api/v1/redactions', json: {}, expect: API(422, STAFF_ROLES) },
	{ route: 'POST /api/v1/commitments/*/updates', path: `/api/v1/commitments/${COMMITMENT}/updates`, json: {}, expect: API(422, ORG_ROLES) },
	{ route: 'PATCH /api/v1/actions/*/leads/*', path: `/api/v1/actions/planning/leads/${ORG}`, json: { role: 'bogus' }, expect: API(422, STAFF_ROLES) },
	{ route: 'DELETE /api/v1/actions/*/leads/*', path: '/api/v1/actions/planning/leads/no-such-body', expect: API(404, STAFF_ROLES) },
];

// The routes of src/web/router.c: "METHOD /pattern" for each row of its table.
function routerRoutes() {
	const src = readFileSync(path.join(ROOT, 'src/web/router.c'), 'utf8');
	const table = src.slice(src.indexOf('routes[] = {'), src.indexOf('};', src.indexOf('routes[] = {')));
	return [...table.matchAll(/\{"([A-Z]+)", "([^"]+)", \w+, [01], (?:NULL|"[^"]*")\}/g)].map((m) => `${m[1]} ${m[2]}`);
}

// Whether path (without its query) matches a router pattern, '*' being one segment.
function matches(pattern, p) {
	const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
	return re.test(p.split('?')[0]);
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('the access matrix: every route, every role, and anonymously', () => {
	let server;
	let db;
	const sessions = {}; // name -> {cookie, csrf}
	let anonCsrf;

	before(async () => {
		db = demoDb();
		for (const w of WHO.filter((x) => x.email)) {
			const args = ['user', 'add', w.email, '--role', w.role, '--db', db];
			if (w.organisation) args.push('--organisation', w.organisation);
			const r = keep(args, { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		// Scenarios of ORG's: one to change, three to delete.
		for (const slug of [MINE, `${ORG}-doomed-4`, `${ORG}-doomed-5`, `${ORG}-doomed-6`]) {
			const file = path.join(path.dirname(db), `${slug}.json`);
			writeFileSync(file, JSON.stringify({ slug, name: slug, owner: ORG, investments: [], effects: [] }));
			const r = keep(['money', 'scenario', 'import', file, '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		// Plan 1, kept, of one request (the demo has no services: nobody is placed).
		const requests = path.join(path.dirname(db), 'requests.csv');
		writeFileSync(requests, 'request,band,needs,together,home,school,urgency\nR1,5_9,,no,S12000049,,today\n');
		const planned = keep(['place', 'plan', requests, '--save', '--db', db]);
		assert.equal(planned.status, 0, planned.stderr);
		server = await startServer(db);
		for (const w of WHO.filter((x) => x.email)) sessions[w.name] = await signIn(server.url, w.email, PASSWORD);
		anonCsrf = setCookie(await request(`${server.url}/login`), 'keep_csrf');
		// Two pieces of evidence with a file each, sent by ORG's editor as a browser
		// would (multipart); staff publish one.
		for (const title of ['A draft report', 'A published report', 'Doomed 1', 'Doomed 2', 'Doomed 3']) {
			const form = new FormData();
			form.append('csrf', sessions.editor.csrf);
			for (const [k, v] of Object.entries({ kind: 'report', title, will_do: 'Listen.' })) form.append(k, v);
			form.append('file', new Blob([Buffer.from('area,children\r\nFife,10\r\n')], { type: 'text/csv' }), 'figures.csv');
			const r = await fetch(`${server.url}/organisations/${ORG}/evidence/new`, {
				method: 'POST', body: form, redirect: 'manual', headers: { Cookie: sessions.editor.cookie },
			});
			assert.equal(r.status, 303, await r.text());
		}
		const pub = await postForm(`${server.url}/evidence/${PUBLISHED}/publish`, { csrf: sessions.staff.csrf, publish: '1' }, sessions.staff.cookie);
		assert.equal(pub.status, 303, pub.body);
		assert.match(anonCsrf ?? '', /^[0-9a-f]{64}$/);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('every route of the router has a row in the matrix, and every row a route', () => {
		const routes = routerRoutes();
		assert.ok(routes.length >= 20, `the router's table was read (${routes.length} routes)`);
		const rows = MATRIX.map((r) => r.route);
		assert.deepEqual(
			routes.filter((r) => !rows.includes(r)),
			[],
			'routes with no row in the access matrix: decide who may use them and add a row',
		);
		assert.deepEqual(
			rows.filter((r) => !routes.includes(r)),
			[],
			'rows for routes the router does not have',
		);
		for (const row of MATRIX) {
			assert.equal(row.expect.length, WHO.length, `${row.route}: one status for each of ${WHO.length} askers`);
			const p = typeof row.path === 'function' ? row.path(4) : row.path;
			assert.ok(matches(row.route.split(' ')[1], p), `${row.route}: ${p} matches its pattern`);
		}
	});

	for (const row of MATRIX) {
		test(`${row.route}`, async () => {
			const method = row.route.split(' ')[0];
			const got = [];
			for (const [i, w] of WHO.entries()) {
				let who = w.email ? sessions[w.name] : null;
				if (who && row.fresh) who = await signIn(server.url, w.email, PASSWORD);
				const auditBefore = Number(sqlite(db, 'SELECT count(*) FROM audit'));
				let r;
				const p = typeof row.path === 'function' ? row.path(i) : row.path;
				if (method === 'GET') {
					r = await request(`${server.url}${p}`, { headers: who ? { Cookie: who.cookie } : {} });
				} else if (!row.form) {
					// The API: a JSON body (or none), the session's token in X-CSRF-Token.
					const body = row.json ? JSON.stringify(row.json) : undefined;
					const headers = who ? { Cookie: who.cookie, 'X-CSRF-Token': who.csrf } : {};
					if (body) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
					r = await request(`${server.url}${p}`, { method, headers, body });
				} else {
					const csrf = who ? who.csrf : anonCsrf;
					const cookie = who ? who.cookie : `keep_csrf=${anonCsrf}`;
					r = await postForm(`${server.url}${p}`, { csrf, ...row.form }, cookie);
				}
				got.push(r.status);
				const refused = [400, 401, 403, 404, 409, 422].includes(row.expect[i]) || (!w.email && row.expect[i] === 303 && row.route !== 'POST /logout');
				if (method !== 'GET' && refused) {
					// A refused or wrong write leaves the audit log as it was.
					assert.equal(Number(sqlite(db, 'SELECT count(*) FROM audit')), auditBefore, `${row.route} as ${w.name} wrote something`);
				}
				if (row.redirect) {
					// A public redirect (the reports' pickers): everyone goes to the same place.
					assert.equal(r.headers.location, row.redirect, `${row.route}: as ${w.name}`);
				} else if (r.status === 303 && !w.email && row.expect[i] === 303 && !['POST /logout', 'POST /login'].includes(row.route)) {
					assert.equal(r.headers.location, `/login?next=${p}`, `${row.route}: anonymous people are sent to sign in`);
				}
			}
			assert.deepEqual(
				Object.fromEntries(WHO.map((w, i) => [w.name, got[i]])),
				Object.fromEntries(WHO.map((w, i) => [w.name, row.expect[i]])),
				`${row.route}`,
			);
		});
	}
});
