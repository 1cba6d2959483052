/**
 * The pitch form's "sessions like yours" (issue 16), drawn by views/shared/similar-list.ejs: on
 * the server after a submit whose similar sessions were not shown yet (the step that works
 * without scripts), and by the pitch page's script while someone types. Its buttons submit the
 * pitch form they sit in: `choice` = "join:ID" or "link:ID"; `shown` lists what was shown and
 * `checkedTitle` the title it was found for.
 */

/** A session already pitched that looks like the pitch (SimilarService's `SimilarShown`). */
export interface SimilarItem {
  id: string;
  title: string;
  pitcher: string;
  where: string;
  reason: string;
}

export interface SimilarListModel {
  eventId: string;
  /** The title the list was found for (sent back as `checkedTitle`). */
  checkedTitle: string;
  items: (SimilarItem & { whereText: string })[];
  /** What the live region says: how many were found, or nothing. */
  announcement: string;
}

/** "Library, Morning (10:45–11:30)" reads "In Library, Morning (10:45–11:30)"; an unscheduled one says so. */
const whereText = (where: string): string => (where === 'Not scheduled yet' ? 'Not scheduled yet.' : `In ${where}.`);

export function similarListModel(eventId: string, checkedTitle: string, items: readonly SimilarItem[]): SimilarListModel {
  const n = items.length;
  return {
    eventId,
    checkedTitle,
    items: items.map((item) => ({ ...item, whereText: whereText(item.where) })),
    announcement:
      n === 0
        ? ''
        : `${n === 1 ? 'One session' : `${n} sessions`} like yours ${n === 1 ? 'is' : 'are'} already pitched. They are listed below the title.`,
  };
}
