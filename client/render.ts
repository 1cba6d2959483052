/**
 * How the pages draw: every piece of UI is a template of views/shared/, imported compiled
 * (`import cardHtml from '../views/shared/session-card.ejs'`, typed by session-card.d.ejs.ts) and
 * given the model its views/shared/*.ts builds: the same the server's first paint uses. A redraw
 * replaces a container's markup; client/focus.ts puts the keyboard user back where they were.
 */
import { cardContext, type CardContext, type CardView } from '../views/shared/card';

/** Replaces what `container` shows with `html` from a template (in which all user text is escaped). */
export function paint(container: Element | null, html: string): void {
  if (container) container.innerHTML = html;
}

/** Cards as a page's script draws them: buttons that send commands, and stars. */
export const liveCards = (view: Omit<CardView, 'live'>): CardContext => cardContext({ ...view, live: true });

/** Nobody in particular: the wall display and "My agenda" show no one's "I'd go" or move controls. */
export const nobody = { organiser: false, facilitator: false, interested: new Set<string>() };
