/**
 * What a host sees on the board when people say a session they pitched is the same conversation as
 * another (views/shared/host-flags.ejs): each flag, and a link to answer on their session's page.
 * Private: only the browser that pitched the session gets it.
 */
import type { HostFlag } from '../../server/domain/evidence';

export interface HostFlagsModel {
  items: { text: string; href: string; label: string }[];
}

export function hostFlagsModel(eventId: string, flags: readonly HostFlag[]): HostFlagsModel {
  return {
    items: flags.map((f) => ({
      text: `${f.flags === 1 ? '1 person says' : `${f.flags} people say`} your session “${f.title}” is the same conversation as “${f.otherTitle}”.`,
      href: `/e/${eventId}/s/${f.sessionId}#same-as`,
      label: f.answer ? 'Change your answer' : 'Answer',
    })),
  };
}
