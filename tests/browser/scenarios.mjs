// The browser tests' scenarios. The integration tests start the hosts and make the data through the broker, then
// run one scenario: `node scenarios.mjs <scenario>` with INFOSHARING_WEB (the hosts' address), INFOSHARING_ARTEFACTS
// (where screenshots go) and the scenario's inputs in INFOSHARING_INPUT (JSON). Exit code 0 when it passed.
import assert from 'node:assert/strict';
import { openBrowser, checkAccessibility, screenshot } from './browser.mjs';

const base = process.env.INFOSHARING_WEB ?? assert.fail('INFOSHARING_WEB is not set');
const artefacts = process.env.INFOSHARING_ARTEFACTS ?? 'artefacts';
const input = JSON.parse(process.env.INFOSHARING_INPUT ?? '{}');
const patience = 30000;

async function signIn(page, user, role, purpose, detail) {
  await page.goto(base + '/');
  assert.match(new URL(page.url()).pathname, /^\/sign-in/);
  await page.getByLabel('User name').fill(user);
  await page.locator(`input[name=role][value=${role}]`).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/purpose/);
  await page.locator(`input[name=code][value=${purpose}]`).check();
  if (detail) {
    await page.getByLabel('Which enquiry, review or request').fill(detail);
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(u => !u.pathname.startsWith('/purpose'));
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signed-out/);
}

async function openTimeline(page, nhsNumber) {
  await page.goto(base + '/children');
  await page.getByLabel(/NHS number of the infant/).fill(nhsNumber);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForURL(/\/children\/[0-9a-f-]{36}/);
  // The NHS number never reaches an address: the search is a form post, the timeline is named by an opaque id.
  assert.ok(!page.url().includes(nhsNumber), 'the NHS number appeared in the address');
}

const scenarios = {
  // A reviewer confirms a possible match made by real messages; the flag that follows appears on the child's timeline.
  async 'reviewer-confirms'(page) {
    await page.goto(base + '/sign-in');
    await checkAccessibility(page, 'sign-in');
    await screenshot(page, artefacts, 'sign-in');
    await signIn(page, 'reviewer-web', 'reviewer', 'matching-review');
    await page.goto(base + '/reviews');
    await checkAccessibility(page, 'review queue');
    await screenshot(page, artefacts, 'review-queue');
    await page.locator('table').getByRole('link', { name: /^Review/ }).first().click();
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Candidate 1:/ }).waitFor();
    assert.ok(await page.locator('svg.app-chart').count() >= 1, 'no waterfall chart');
    await page.getByText(input.candidateFamilyName, { exact: true }).first().waitFor();
    await checkAccessibility(page, 'review');
    await screenshot(page, artefacts, 'review');
    await page.getByLabel('Reason for confirming candidate 1').fill('Same man: date of birth slip confirmed with the GP practice');
    await page.getByRole('button', { name: 'Confirm: the same person as candidate 1' }).click();
    await page.waitForURL(/\/outcome/);
    const deadline = Date.now() + patience;
    while (!(await page.getByRole('cell', { name: input.expectedFlag, exact: true }).count())) {
      assert.ok(Date.now() < deadline, `the decision's outcome never listed ${input.expectedFlag}`);
      await page.waitForTimeout(500);
      await page.reload();
    }
    await checkAccessibility(page, 'decision outcome');
    await screenshot(page, artefacts, 'review-outcome');
    await signOut(page);

    await signIn(page, 'auditor-web', 'auditor', 'practice-review', 'PR-2027-01');
    await checkAccessibility(page, 'child search');
    await openTimeline(page, input.motherNhs);
    await page.getByRole('heading', { name: new RegExp(`Flag ${input.expectedFlag}: raised`) }).waitFor();
    await page.getByRole('heading', { name: /Reviewer merged two people/ }).waitFor();
    await page.getByRole('heading', { name: /Indicator recorded by gp: domestic abuse perpetrator/ }).waitFor();
    await checkAccessibility(page, 'timeline');
    await screenshot(page, artefacts, 'timeline');
  },

  // An auditor opens the timeline as of just before the merge and sees what was known then.
  async 'auditor-as-of'(page) {
    await signIn(page, 'auditor-web', 'auditor', 'audit');
    await openTimeline(page, input.motherNhs);
    await page.getByRole('heading', { name: new RegExp(`Flag ${input.expectedFlag}: raised`) }).waitFor();
    await page.getByRole('link', { name: /See what was known just before this/ }).first().click();
    await page.waitForURL(/asOf=/);
    await page.getByRole('heading', { name: /^As of / }).waitFor();
    assert.equal(await page.getByRole('heading', { name: new RegExp(`Flag ${input.expectedFlag}`) }).count(), 0, 'the flag raised by the merge shows before the merge');
    assert.equal(await page.getByRole('heading', { name: /Reviewer merged two people/ }).count(), 0, 'the merge shows before it happened');
    assert.equal(await page.getByRole('heading', { name: /Indicator recorded by gp/ }).count(), 0, "the GP's indicator of a man not yet linked shows before the merge");
    await page.getByText(`person ${input.fatherPersonShort}`).first().waitFor();
    await checkAccessibility(page, 'timeline as of before the merge');
    await screenshot(page, artefacts, 'timeline-as-of');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as FHIR/ }).click()]);
    assert.match(download.suggestedFilename(), /\.fhir\.json$/);
  },

  // Each role is refused the pages of another: the page says so and answers 403.
  async 'wrong-role'(page) {
    await signIn(page, 'reviewer-web', 'reviewer', 'matching-review');
    let response = await page.goto(base + '/children');
    assert.equal(response.status(), 403);
    // Refused in place (no redirect), with the request's trace id to quote to the service desk.
    assert.equal(new URL(page.url()).pathname, '/children');
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await page.getByText(/quote this reference: [0-9a-f]{32}$/).waitFor();
    await checkAccessibility(page, 'no access');
    await screenshot(page, artefacts, 'denied');
    response = await page.goto(base + '/reviews/00000000-0000-4000-8000-000000000000');
    assert.equal(response.status(), 404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByText(/quote this reference: [0-9a-f]{32}$/).waitFor();
    await checkAccessibility(page, 'page not found');
    await screenshot(page, artefacts, 'not-found');
    response = await page.goto(base + '/operations');
    assert.equal(response.status(), 403);
    response = await page.goto(base + '/terminology');
    assert.equal(response.status(), 403);
    await signOut(page);
    await signIn(page, 'auditor-web', 'auditor', 'audit');
    response = await page.goto(base + '/reviews');
    assert.equal(response.status(), 403);
    // A session cookie never authenticates the API: it answers 401 without a token.
    response = await page.goto(base + '/api/reviews');
    assert.equal(response.status(), 401);
    await page.goto(base + '/');
    await signOut(page);
    await signIn(page, 'admin-web', 'admin', 'system-support');
    response = await page.goto(base + '/terminology');
    assert.equal(response.status(), 200);
  },

  // The terminology lead (an auditor here) sees the value sets in force, one imported, and the codes that map to
  // nothing, most frequent first and paged; nothing about the person the codes were recorded for.
  async 'terminology'(page) {
    await signIn(page, 'auditor-web', 'auditor', 'audit');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Terminology' }).click();
    await page.waitForURL(/\/terminology$/);
    const imported = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: input.importedKind, exact: true }) });
    await imported.getByRole('cell', { name: input.importedVersion, exact: true }).waitFor();
    await imported.getByRole('cell', { name: 'imported', exact: true }).waitFor();
    await imported.getByRole('cell', { name: new RegExp(` by ${input.importedBy}$`) }).waitFor();
    const builtIn = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: input.builtInKind, exact: true }) });
    await builtIn.getByRole('cell', { name: 'built-in', exact: true }).waitFor();
    const top = page.getByRole('table', { name: /^Codes 1 to 50 of / }).getByRole('row').nth(1);
    assert.deepEqual(
      (await top.getByRole('cell').allInnerTexts()).slice(0, 4).map(t => t.trim()),
      ['gp', 'http://snomed.info/sct', input.unmappedCode, String(input.unmappedCount)],
      'the most frequent unmapped code is not first');
    const content = await page.content();
    for (const personal of input.personal) {
      assert.ok(!content.includes(personal), 'the terminology page shows something personal');
    }
    await checkAccessibility(page, 'terminology');
    await screenshot(page, artefacts, 'terminology');
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForURL(/\/terminology\?page=2/);
    await page.getByRole('table', { name: new RegExp(`^Codes 51 to ${input.unmappedTotal} of ${input.unmappedTotal}$`) }).waitFor();
    await page.getByRole('link', { name: /Previous/ }).waitFor();
    await checkAccessibility(page, 'terminology, page 2');
    await screenshot(page, artefacts, 'terminology-page-2');
  },

  // An operator sees messages by agency and status with the rejection code and reason, queue depths and the outbox.
  async 'operator'(page) {
    await page.goto(base + '/sign-in');
    await signIn(page, 'operator-web', 'operator', 'system-support');
    await page.getByRole('heading', { name: 'InfoSharing', exact: true }).waitFor();
    await checkAccessibility(page, 'start page');
    await screenshot(page, artefacts, 'start');
    await page.goto(base + '/operations');
    await page.getByRole('cell', { name: input.rejectionCode, exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'ingest.midwifery', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    const failed = page.getByRole('table', { name: 'Messages set aside as failed, oldest first' });
    await failed.getByRole('cell', { name: input.failedMessageId, exact: true }).waitFor();
    await failed.getByRole('cell', { name: 'System.InvalidOperationException', exact: true }).waitFor();
    await checkAccessibility(page, 'operations');
    await screenshot(page, artefacts, 'operations');
    await page.getByRole('button', { name: `Replay message ${input.failedMessageId} from midwifery` }).click();
    await page.getByRole('status').filter({ hasText: 'Replay asked for 1 failed message' }).waitFor();
    await checkAccessibility(page, 'operations after a replay');
    await page.goto(base + '/purpose');
    await checkAccessibility(page, 'purpose of use');
    await screenshot(page, artefacts, 'purpose');
  },
};

const name = process.argv[2];
const scenario = scenarios[name] ?? assert.fail(`No scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
const browser = await openBrowser(artefacts);
try {
  await scenario(browser.page);
  console.log(`scenario ${name}: passed`);
} catch (error) {
  await screenshot(browser.page, artefacts, `${name}-failure`).catch(() => {});
  console.error(`scenario ${name}: FAILED at ${browser.page.url()}\n${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
