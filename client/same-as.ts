/**
 * "Same conversation as…" on a session's page: typing in the search box narrows the list of other
 * sessions (ranked by the server, most alike first) to those whose titles contain every word typed,
 * and says how many are left. Without scripts, the whole ranked list is there to choose from.
 */
export function startSameAs(form: HTMLFormElement): void {
  const search = form.querySelector<HTMLInputElement>('[data-same-search]');
  const count = form.querySelector<HTMLElement>('[data-same-count]');
  const choices = [...form.querySelectorAll<HTMLElement>('[data-same-choice]')];
  if (!search) return;
  search.addEventListener('input', () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const choice of choices) {
      const title = choice.dataset.title ?? '';
      const match = words.every((w) => title.includes(w));
      choice.hidden = !match;
      if (match) shown += 1;
    }
    if (count) count.textContent = words.length ? `${shown} of ${choices.length} sessions match.` : '';
  });
  // Enter in the search box picks the first match rather than sending an empty choice.
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const first = choices.find((c) => !c.hidden)?.querySelector<HTMLInputElement>('input[type="radio"]');
    if (!first) return;
    event.preventDefault();
    first.checked = true;
    first.focus();
  });
}
