/**
 * The organiser's pages (and any page with a Copy button), enhanced: everything here also works as
 * plain links and forms without this script.
 * - Copy buttons copy a link or an invite.
 * - Forms in a `[data-in-place]` section (rooms, slots) are sent in the background and the section
 *   is redrawn from the page the server answers with, so adding ten rooms does not reload the page
 *   ten times; the focus stays where it was.
 * - "Delete" asks in a dialog, with what the confirmation page says, instead of opening that page.
 */

function start(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', () => void copy(button));
  }
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method === 'dialog') return;
    const section = form.closest<HTMLElement>('[data-in-place]');
    if (!section?.id) return;
    event.preventDefault();
    void sendInPlace(form, section, event.submitter);
  });
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-confirm-delete]');
    if (!link) return;
    event.preventDefault();
    void confirmDelete(link);
  });
}

async function copy(button: HTMLButtonElement): Promise<void> {
  const field = document.getElementById(button.dataset.copy ?? '');
  const status = document.getElementById(`${button.dataset.copy ?? ''}-copied`);
  if (!(field instanceof HTMLTextAreaElement)) return;
  let copied: boolean;
  try {
    await navigator.clipboard.writeText(field.value);
    copied = true;
  } catch {
    // No clipboard API (a page served over plain http): select it, and ask the browser to copy.
    field.select();
    copied = document.execCommand('copy');
  }
  if (status) status.textContent = copied ? 'Copied.' : 'Selected: press Ctrl+C (⌘C on a Mac) to copy.';
}

/** What to give the focus back to after a redraw: the same control, found by id or by its name. */
function focusKey(element: Element | null): { id?: string; label?: string } {
  if (!(element instanceof HTMLElement)) return {};
  if (element.id) return { id: element.id };
  const label = element.getAttribute('aria-label');
  return label ? { label } : {};
}

async function sendInPlace(form: HTMLFormElement, section: HTMLElement, submitter: HTMLElement | null): Promise<void> {
  const focus = focusKey(submitter ?? document.activeElement);
  const addedOne = form.classList.contains('add-form');
  const body = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (typeof value === 'string') body.append(key, value);
  section.setAttribute('aria-busy', 'true');
  let page: Document;
  try {
    // The server answers with the page itself, not a redirect to it (see admin.routes.ts#adminForm).
    const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { 'X-In-Place': '1' } });
    page = new DOMParser().parseFromString(await response.text(), 'text/html');
  } catch {
    section.removeAttribute('aria-busy');
    showStatus(section, 'The change could not be sent: check the connection and try again.', true);
    return;
  }
  const fresh = page.getElementById(section.id);
  if (!fresh) {
    // Not the organiser page (signed out meanwhile, an error page): load the page as it now is.
    window.location.reload();
    return;
  }
  section.replaceWith(fresh);
  const history = page.getElementById('history');
  if (history) document.getElementById('history')?.replaceWith(history);
  const problem = page.querySelector('.problem');
  const notice = page.querySelector('.notice');
  showStatus(fresh, (problem ?? notice)?.textContent?.replace(/\s+/g, ' ').trim() ?? '', problem !== null);
  restoreFocus(fresh, focus, addedOne && !problem);
}

function showStatus(section: HTMLElement, text: string, problem: boolean): void {
  if (!text) return;
  const line = document.createElement('p');
  line.className = problem ? 'problem section-status' : 'notice section-status';
  line.setAttribute('role', problem ? 'alert' : 'status');
  line.textContent = text.replace(/^There is a problem\s*/, '');
  section.querySelector('h2')?.after(line);
}

function restoreFocus(section: HTMLElement, focus: { id?: string; label?: string }, addedOne: boolean): void {
  // After adding one, the next is typed into the same, now empty, form.
  const next = addedOne ? section.querySelector<HTMLElement>('form.add-form input:not([type=hidden])') : null;
  const byId = focus.id ? section.querySelector<HTMLElement>(`#${CSS.escape(focus.id)}`) : null;
  const byLabel = focus.label ? section.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focus.label)}"]`) : null;
  const target = next ?? byId ?? byLabel;
  if (target && !(target as HTMLButtonElement).disabled && target.offsetParent !== null) {
    target.focus();
    return;
  }
  const heading = section.querySelector<HTMLElement>('h2');
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();
}

async function confirmDelete(link: HTMLAnchorElement): Promise<void> {
  const dialog = document.getElementById('confirm-dialog');
  if (!(dialog instanceof HTMLDialogElement)) {
    window.location.href = link.href;
    return;
  }
  let page: Document;
  try {
    page = new DOMParser().parseFromString(await (await fetch(link.href, { credentials: 'same-origin' })).text(), 'text/html');
  } catch {
    window.location.href = link.href;
    return;
  }
  const form = page.querySelector<HTMLFormElement>('main form[method="post"]');
  if (!form) {
    window.location.href = link.href;
    return;
  }
  const title = dialog.querySelector('#confirm-title');
  const body = dialog.querySelector('#confirm-body');
  if (title) title.textContent = page.querySelector('h1')?.textContent ?? link.getAttribute('aria-label') ?? 'Delete?';
  if (body) {
    const lines = [...page.querySelectorAll('main section p, main section li')].map((node) => node.textContent?.trim() ?? '');
    body.textContent = lines.filter(Boolean).join(' ');
  }
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener(
    'close',
    () => {
      if (dialog.returnValue !== 'delete') {
        link.focus();
        return;
      }
      const sending = document.importNode(form, true);
      sending.hidden = true;
      document.body.append(sending);
      sending.submit();
    },
    { once: true },
  );
}

start();
