/**
 * Every inbound payload (HTTP body, query, params; later socket commands) is parsed with one of
 * these. Unknown keys are stripped, strings trimmed and bounded. Types are inferred from them.
 */
import { z } from 'zod';
import { slotTimesValid } from '../domain/board';
import { parseAvailability } from '../domain/schedule/availability';
import { canonicalTimeZone } from '../domain/time-zone';
import { cleanText } from '../domain/text';

export const LIMITS = {
  eventName: 120,
  venue: 200,
  roomName: 60,
  capacity: 100_000,
  slotLabel: 40,
  title: 120,
  notes: 2_000,
  /** A merged session keeps the notes of every session merged into it (up to 10 pitches). */
  sessionNotes: 30_000,
  pitcher: 80,
  /** Co-hosts of one session (accepted requests and merged pitchers). */
  cohosts: 50,
  /** One note taken during a session. */
  noteBody: 2_000,
  /** Notes on one session's page; far more than a session's hour produces. */
  notesPerSession: 500,
  rooms: 100,
  slots: 100,
  sessions: 5_000,
  /** Working organiser links of one event (the first and its co-organisers'). */
  organiserLinks: 20,
  linkName: 60,
  /** Sessions in one personal agenda (.ics): more than anyone can attend in a day, short enough for a URL. */
  agendaSessions: 200,
  /** A pitcher's availability in their own words ("not before 11:00"). */
  availability: 80,
} as const;

/** Text as `cleanText` stores it: no control characters, trimmed, and empty when none of it is visible. */
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(cleanText)
    .pipe(z.string().max(max, { error: `${label} must be at most ${max} characters.` }));

const required = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, { error: `${label} is required.` })
        .max(max, { error: `${label} must be at most ${max} characters.` }),
    );

const optionalText = (label: string, max: number) => text(label, max).optional().default('');

/** Calendar dates as `YYYY-MM-DD`, rejecting impossible ones such as 2026-02-30. */
const isoDate = z
  .string({ error: 'Date must be text.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date must look like 2026-11-29.' })
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { error: 'Date is not a real calendar date.' },
  );

const clockTime = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} must be a 24-hour time such as 09:30.` });

/** Forms send "" for an empty number field; the JSON API may send null or omit it. */
const capacity = z.preprocess(
  (value) => (value === '' || value === undefined ? null : typeof value === 'string' ? Number(value) : value),
  z
    .number({ error: 'Capacity must be a whole number.' })
    .int({ error: 'Capacity must be a whole number.' })
    .min(1, { error: 'Capacity must be at least 1.' })
    .max(LIMITS.capacity, { error: `Capacity must be at most ${LIMITS.capacity}.` })
    .nullable(),
);

const index = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
  z.number({ error: 'Position must be a number.' }).int({ error: 'Position must be a whole number.' }).min(0).max(1000),
);

export const id = z.string({ error: 'Id must be text.' }).regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'That id is not valid.' });

/**
 * `?ids=a,b,c`: the sessions a browser remembers (its starred agenda) and wants to find again.
 * Bounded so one request cannot ask about a whole event many times over.
 */
export const SessionLookupQuery = z.object({
  ids: z
    .string({ error: 'ids must be a comma-separated list of session ids.' })
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(id).min(1, { error: 'Name at least one session id.' }).max(200, { error: 'At most 200 session ids at once.' })),
});
export type SessionLookupQuery = z.infer<typeof SessionLookupQuery>;

/** An IANA zone name ('Europe/London'), in its canonical spelling; empty means "the server's". */
export const timeZone = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z
    .string({ error: 'Time zone must be text.' })
    .trim()
    .transform((name, ctx) => {
      const zone = canonicalTimeZone(name);
      if (!zone) {
        ctx.addIssue({ code: 'custom', message: `“${name.slice(0, 64)}” is not a time zone. Choose one such as Europe/London.` });
        return z.NEVER;
      }
      return zone;
    })
    .optional(),
);

/** A checkbox: forms send "on" when it is ticked and nothing when not; the JSON API sends booleans. */
const checkbox = z.preprocess(
  (value) => (value === 'on' || value === 'true' ? true : value === '' || value === 'false' || value === 'off' ? false : value),
  z.boolean({ error: 'Must be true or false.' }),
);

export const EventInput = z.object({
  name: required('Event name', LIMITS.eventName),
  date: isoDate,
  venue: optionalText('Venue', LIMITS.venue),
  /** Left out: the server's own zone (at creation) or the event's current one (an edit). */
  timeZone,
  /** Left out: unlisted (at creation) or unchanged (an edit through the API). */
  listed: checkbox.optional(),
});
export type EventInput = z.infer<typeof EventInput>;

export const RoomInput = z.object({
  name: required('Room name', LIMITS.roomName),
  capacity: capacity.optional().default(null),
});
export type RoomInput = z.infer<typeof RoomInput>;

const slotFields = {
  label: optionalText('Slot label', LIMITS.slotLabel),
  startsAt: clockTime('Start time'),
  endsAt: clockTime('End time'),
};
const slotEndsAfterStart = (slot: { startsAt: string; endsAt: string }) => slotTimesValid(slot.startsAt, slot.endsAt);
const endsAfterStart = { error: 'End time must be after the start time.', path: ['endsAt'] };

export const SlotInput = z.object(slotFields).refine(slotEndsAfterStart, endsAfterStart);
export type SlotInput = z.infer<typeof SlotInput>;

export const ReorderInput = z.object({ position: index });

/** Rooms or time slots pasted as a list, one a line (server/domain/grid-lines.ts reads them). */
export const LinesInput = z.object({
  lines: required('The list', 20_000),
});
export type LinesInput = z.infer<typeof LinesInput>;

/** A co-organiser's link is named after them, so the history can say who did what. */
export const OrganiserLinkInput = z.object({ name: required('Name', LIMITS.linkName) });
export type OrganiserLinkInput = z.infer<typeof OrganiserLinkInput>;
export type ReorderInput = z.infer<typeof ReorderInput>;

/** When the pitcher can run the session, in words the schedule assistant reads ("only the morning"); left out, it stays as it was. */
const availability = text('Availability', LIMITS.availability).superRefine((value, ctx) => {
  const parsed = parseAvailability(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

export const PitchInput = z.object({
  title: required('Title', LIMITS.title),
  notes: optionalText('Notes', LIMITS.notes),
  pitcher: required('Your name', LIMITS.pitcher),
  availability: availability.optional(),
});
export type PitchInput = z.infer<typeof PitchInput>;

/** The sessions a pitch form showed as looking like the pitch (at most three, as the form shows). */
const shownIds = z.preprocess(
  (value): unknown[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? (value as unknown[]) : [value]),
  z.array(id).max(3, { error: 'At most 3 similar sessions are shown.' }),
);

/**
 * The pitch form's submit: what was typed, and what the pitcher chose about the similar sessions
 * it showed. `choice`: "pitch" (mine is different), "link:ID" (pitch mine and suggest linking it
 * with ID) or "join:ID" (ask to co-host ID instead; nothing is pitched). `checkedTitle` is the
 * title the shown list was found for: a submit whose title differs was never checked, so the
 * server shows the list first (the step that works without scripts).
 */
export const PitchChoiceInput = PitchInput.extend({
  choice: z
    .string()
    .regex(/^(pitch|(join|link):[A-Za-z0-9_-]{1,40})$/, { error: 'Choose “Pitch mine” or one of the buttons beside a similar session.' })
    .optional()
    .default('pitch'),
  shown: shownIds,
  checkedTitle: optionalText('Checked title', LIMITS.title),
});
export type PitchChoiceInput = z.infer<typeof PitchChoiceInput>;

/** `?title=&notes=`: the pitch form asks which sessions look like what is typed. */
export const SimilarQuery = z.object({
  title: required('Title', LIMITS.title),
  notes: optionalText('Notes', LIMITS.notes),
});
export type SimilarQuery = z.infer<typeof SimilarQuery>;

/** A host's or facilitator's answer to a co-host request. */
export const CohostAnswerInput = z.object({
  answer: z.enum(['accept', 'decline'], { error: 'Answer “accept” or “decline”.' }),
});
export type CohostAnswerInput = z.infer<typeof CohostAnswerInput>;

/**
 * The API's PATCH bodies: the same rules, but an optional field that is left out keeps its current
 * value instead of being cleared. (A form always sends every field, so pages use the inputs above.)
 */
export const EventPatch = EventInput.extend({ venue: text('Venue', LIMITS.venue).optional() });
export type EventPatch = z.infer<typeof EventPatch>;

export const RoomPatch = RoomInput.extend({ capacity: capacity.optional() });
export type RoomPatch = z.infer<typeof RoomPatch>;

export const SlotPatch = z
  .object({ ...slotFields, label: text('Slot label', LIMITS.slotLabel).optional() })
  .refine(slotEndsAfterStart, endsAfterStart);
export type SlotPatch = z.infer<typeof SlotPatch>;

/** Editing a session: merged sessions may hold more notes than one pitch may. */
export const SessionEdit = PitchInput.extend({ notes: optionalText('Notes', LIMITS.sessionNotes) });
export type SessionEdit = z.infer<typeof SessionEdit>;

export const PitchPatch = PitchInput.extend({ notes: text('Notes', LIMITS.sessionNotes).optional() });
export type PitchPatch = z.infer<typeof PitchPatch>;

/** A move names the version of the session the organiser saw, so a move made on a stale view is refused. */
const expectedVersion = z.preprocess(
  (value) => (value === '' || value === undefined ? undefined : typeof value === 'string' ? Number(value) : value),
  z.number({ error: 'Version must be a number.' }).int().min(1).optional(),
);

export const PlacementInput = z.object({ roomId: id, slotId: id, expectedVersion });
export type PlacementInput = z.infer<typeof PlacementInput>;

export const UnscheduleInput = z.object({ expectedVersion });
export type UnscheduleInput = z.infer<typeof UnscheduleInput>;

/** A SHA-256 in hex: how exports carry who said "I'd go" and who pitched, never the browser's cookie. */
const browserHash = z.string().regex(/^[a-f0-9]{64}$/, { error: 'A browser key must be 64 hex characters.' });
const timestamp = z.iso.datetime({ error: 'Timestamps must be ISO 8601 date-times in UTC.' });
/** Row numbers inside the file (notes, history, activity), 1 and up. */
const fileNumber = z.number().int().min(1).max(10_000_000);

/**
 * What an undo of a merge, link or dismissal needs (facilitation.service.ts#Snapshot), in the
 * database's own column names. Checked on import so a crafted file cannot plant an undo that fails.
 */
const storedSessionRow = z.object({
  id,
  title: z.string().max(LIMITS.title),
  notes: z.string().max(LIMITS.sessionNotes),
  pitcher: z.string().max(LIMITS.pitcher),
  room_id: id.nullable(),
  slot_id: id.nullable(),
  version: z.number().int().min(1),
  created_at: z.string().max(40),
  updated_at: z.string().max(40),
  cohosts: z.string().max(10_000),
  merged_into: id.nullable(),
});
/** Each pair's decision before a merge, link or dismissal (kind null when there was none). */
const decisionsBefore = z
  .array(
    z.object({
      pair: z.tuple([id, id]),
      kind: z.enum(['dismissed', 'linked', 'merged']).nullable(),
      createdAt: z.string().max(40).optional(),
    }),
    { error: 'A merge, link or dismissal in the history must list the decisions it changed (payload.decisions).' },
  )
  .max(45);
/** A merge's snapshot: the merged sessions' rows and interest as they were, and the result as it left it. */
const mergeSnapshot = z.object({
  sessions: z
    .array(
      z.object({
        row: storedSessionRow,
        interests: z.array(z.object({ browser_key: browserHash, created_at: z.string().max(40) })).max(100_000),
      }),
      { error: 'A merge in the history must keep the sessions it merged (payload.sessions).' },
    )
    .max(10),
  merged: storedSessionRow
    .pick({ id: true, title: true, notes: true, pitcher: true, cohosts: true, room_id: true, slot_id: true })
    .optional(),
  decisions: decisionsBefore,
});

/** An applied schedule proposal's history entry: where each session it changed was and went (services/schedule.undo.ts). */
const scheduleCell = z.object({ roomId: id, slotId: id }).nullable();
const scheduleSnapshot = z.object({
  placements: z
    .array(z.object({ id, before: scheduleCell, after: scheduleCell, version: z.number().int().min(1) }), {
      error: 'An applied schedule in the history must list where each session was and went (payload.placements).',
    })
    .max(LIMITS.sessions * 2),
});

const historyEntryFields = {
  id: fileNumber,
  summary: z.string().max(5_000),
  undoes: fileNumber.nullable(),
  undoneBy: fileNumber.nullable(),
  createdAt: timestamp,
};

/**
 * A facilitation history entry in an export, its payload tied to its action: a merge keeps the
 * merged rows, a link or dismissal only the decisions, an applied schedule its placements, an undo
 * the entry it undid. Exports are written through this schema too, so a file read back and written
 * again is the same file.
 */
export const HistoryEntryExport = z.discriminatedUnion('action', [
  z.object({ ...historyEntryFields, action: z.literal('merge'), payload: mergeSnapshot }),
  z.object({ ...historyEntryFields, action: z.enum(['link', 'dismiss']), payload: z.object({ decisions: decisionsBefore }) }),
  z.object({ ...historyEntryFields, action: z.literal('schedule'), payload: scheduleSnapshot }),
  z.object({ ...historyEntryFields, action: z.literal('undo'), payload: z.object({ undone: fileNumber }) }),
]);

/** What undoing a deleted room or slot needs: the row, and the sessions it held and where. */
export const GridDeletion = z.union([
  z.object({
    room: z.object({ id, name: z.string().max(LIMITS.roomName), capacity: z.number().int().nullable(), position: z.number().int().min(0) }),
    placements: z.array(z.object({ sessionId: id, slotId: id })).max(LIMITS.slots),
  }),
  z.object({
    slot: z.object({
      id,
      label: z.string().max(LIMITS.slotLabel),
      startsAt: z.string().max(5),
      endsAt: z.string().max(5),
      position: z.number().int().min(0),
    }),
    placements: z.array(z.object({ sessionId: id, roomId: id })).max(LIMITS.rooms),
  }),
]);
export type GridDeletion = z.infer<typeof GridDeletion>;

/**
 * The export format, versions 1 and 2 (docs/export-format.md). Version 2 adds what version 1 left
 * out; every addition is optional, so a version 1 file is read by the same schema.
 */
export const EventExport = z.object({
  format: z.literal('unsilo.event', { error: 'This is not an Unsilo event export (format must be "unsilo.event").' }),
  version: z.union([z.literal(1), z.literal(2)], { error: 'Only versions 1 and 2 of the export format are supported.' }),
  event: z.object({
    id,
    name: required('Event name', LIMITS.eventName),
    date: isoDate,
    venue: text('Venue', LIMITS.venue),
    createdAt: timestamp,
    timeZone,
    listed: z.boolean().optional().default(false),
  }),
  rooms: z
    .array(z.object({ id, name: required('Room name', LIMITS.roomName), capacity: capacity }))
    .max(LIMITS.rooms, { error: `At most ${LIMITS.rooms} rooms.` }),
  slots: z
    .array(z.object({ id, ...slotFields }).refine(slotEndsAfterStart, endsAfterStart))
    .max(LIMITS.slots, { error: `At most ${LIMITS.slots} slots.` }),
  sessions: z
    .array(
      z.object({
        id,
        title: required('Title', LIMITS.title),
        notes: text('Notes', LIMITS.sessionNotes),
        pitcher: required('Pitcher', LIMITS.pitcher),
        cohosts: z
          .array(required('Co-host', LIMITS.pitcher))
          .max(LIMITS.cohosts, { error: `At most ${LIMITS.cohosts} co-hosts a session.` })
          .optional()
          .default([]),
        roomId: id.nullable(),
        slotId: id.nullable(),
        createdAt: timestamp,
        updatedAt: timestamp,
        interestedBrowsers: z.array(browserHash).max(100_000),
        /** Notes taken during the session; left out when there are none (and in files made before notes existed). */
        noteEntries: z
          .array(
            z.object({
              id: fileNumber.optional(),
              author: required('Note author', LIMITS.pitcher),
              body: required('Note', LIMITS.noteBody),
              createdAt: timestamp,
              hiddenAt: timestamp.nullable().optional().default(null),
            }),
          )
          .max(LIMITS.notesPerSession, { error: `At most ${LIMITS.notesPerSession} notes a session.` })
          .optional(),
        /** The schedule assistant's pin, hands count and the pitcher's availability; left out when none is set. */
        pinned: z.boolean().optional(),
        hands: z.number().int().min(0).max(LIMITS.capacity).nullable().optional(),
        availability: availability.optional(),
        ownerKey: browserHash.nullable().optional().default(null),
        mergedInto: id.nullable().optional().default(null),
        hidden: z
          .object({ reason: z.enum(['withdrawn', 'hidden']), at: timestamp })
          .nullable()
          .optional()
          .default(null),
      }),
    )
    .max(LIMITS.sessions * 2, { error: `At most ${LIMITS.sessions * 2} sessions.` }),
  decisions: z
    .array(z.object({ sessions: z.tuple([id, id]), kind: z.enum(['dismissed', 'linked', 'merged']), createdAt: timestamp }))
    .max(100_000)
    .optional()
    .default([]),
  history: z.array(HistoryEntryExport).max(100_000).optional().default([]),
  moderation: z
    .array(
      z.object({
        sessionId: id,
        action: z.enum(['withdraw', 'hide', 'restore', 'hide-note', 'restore-note']),
        title: z.string().max(LIMITS.title),
        createdAt: timestamp,
        noteId: fileNumber.nullable(),
      }),
    )
    .max(100_000)
    .optional()
    .default([]),
  activity: z
    .array(
      z.object({
        id: fileNumber,
        actor: required('Actor', LIMITS.linkName),
        action: required('Action', 40),
        summary: z.string().max(5_000),
        payload: GridDeletion.nullable(),
        undoneBy: fileNumber.nullable(),
        createdAt: timestamp,
      }),
    )
    .max(100_000)
    .optional()
    .default([]),
  /**
   * What pitchers, attendees and hosts said about pairs of sessions (issue 16); facilitators'
   * decisions are `decisions`. Left out when there are none.
   */
  labelledPairs: z
    .array(
      z.object({
        sessions: z.tuple([id, id]),
        by: z.enum(['pitcher', 'attendee', 'host']),
        label: z.enum(['same', 'link', 'different']),
        /** The browser's hash (as in interestedBrowsers). */
        browser: browserHash,
        createdAt: timestamp,
        clearedAt: timestamp.nullable().optional().default(null),
      }),
    )
    .max(100_000)
    .optional(),
  /**
   * "Join that one instead" requests from the pitch form (issue 16), waiting or answered: what the
   * asker typed, and who answered. Left out when there are none.
   */
  cohostRequests: z
    .array(
      z
        .object({
          sessionId: id,
          name: required('Name', LIMITS.pitcher),
          title: z.string().max(LIMITS.title),
          notes: z.string().max(LIMITS.notes),
          /** The asking browser's hash (as in interestedBrowsers). */
          browser: browserHash,
          status: z.enum(['pending', 'accepted', 'declined']),
          answeredBy: z.enum(['host', 'facilitator']).nullable(),
          createdAt: timestamp,
          answeredAt: timestamp.nullable(),
        })
        .refine((r) => (r.status === 'pending') === (r.answeredBy === null && r.answeredAt === null), {
          error: 'A co-host request is either waiting (no answer) or answered (by whom and when).',
        }),
    )
    .max(100_000)
    .optional(),
  /** The organiser's pair rules for the schedule assistant; left out when there are none. */
  pairRules: z
    .array(z.object({ kind: z.enum(['apart', 'back-to-back']), a: id, b: id }))
    .max(LIMITS.sessions)
    .optional(),
});
export type EventExport = z.infer<typeof EventExport>;
/** What a file may hold before it is read (every version 2 addition left out, as in version 1). */
export type EventExportInput = z.input<typeof EventExport>;

/** A personal agenda's sessions: `?sessions=ID,ID,…` (the agenda page builds it from the browser's stars). */
export const AgendaQuery = z.object({
  sessions: z
    .string({ error: 'sessions must be one comma-separated list of session ids, such as ?sessions=abc,def.' })
    .transform((list) => list.split(',').map((part) => part.trim()))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'sessions must be session ids separated by commas (letters, digits, "-" or "_").' }),
        )
        .min(1, { error: 'List at least one session id in sessions.' })
        .max(LIMITS.agendaSessions, { error: `An agenda can list at most ${LIMITS.agendaSessions} sessions.` }),
    ),
});
export type AgendaQuery = z.infer<typeof AgendaQuery>;

/** A note taken during a session, as the session page's form (or the API) sends it. */
export const NoteInput = z.object({
  author: required('Your name', LIMITS.pitcher),
  body: required('Note', LIMITS.noteBody),
});
export type NoteInput = z.infer<typeof NoteInput>;

/** Note ids are the database's row numbers. */
export const noteId = z.preprocess(
  (value) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value),
  z
    .number({ error: 'noteId must be a number.' })
    .int({ error: 'noteId must be a whole number.' })
    .min(1, { error: 'noteId must be at least 1.' }),
);

/** The `unsilo_browser` cookie's value: random, URL-safe. Anything else is not a browser id we issued. */
export const BrowserId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** Client-generated, so a retried command is recognised: 8–64 URL-safe characters (a UUID fits). */
export const CommandId = z.string({ error: 'commandId must be text.' }).regex(/^[A-Za-z0-9_-]{8,64}$/, {
  error: 'commandId must be 8–64 letters, digits, "-" or "_".',
});

const version = z.number({ error: 'expectedVersion must be a number.' }).int().min(1);

export const JoinBoard = z.object({ eventId: id });
export type JoinBoard = z.infer<typeof JoinBoard>;

export const MoveSession = z.object({ commandId: CommandId, sessionId: id, roomId: id, slotId: id, expectedVersion: version });
export type MoveSession = z.input<typeof MoveSession>;

export const UnscheduleSession = z.object({ commandId: CommandId, sessionId: id, expectedVersion: version });
export type UnscheduleSession = z.input<typeof UnscheduleSession>;

export const PitchSession = PitchInput.extend({ commandId: CommandId });
export type PitchSession = z.input<typeof PitchSession>;

/**
 * Swapping a session with another in the same slot (room sizing): both versions the organiser saw,
 * so a swap made on a stale view is refused and nothing moves.
 */
export const SwapInput = z.object({ withSessionId: id, expectedVersion: version, withExpectedVersion: version });
export type SwapInput = z.infer<typeof SwapInput>;

/** Over the JSON API a client may name its swap, so a retry is applied once. */
export const SwapRequest = SwapInput.extend({ commandId: CommandId.optional() });

/** The board's swap form sends numbers as text. */
const formVersion = z.preprocess((value) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value), version);
export const SwapForm = z.object({ withSessionId: id, expectedVersion: formVersion, withExpectedVersion: formVersion });

export const SwapSessions = SwapInput.extend({ commandId: CommandId, sessionId: id });
export type SwapSessions = z.input<typeof SwapSessions>;

/** The session page's socket watches one session's notes. */
export const WatchNotes = z.object({ eventId: id, sessionId: id });
export type WatchNotes = z.input<typeof WatchNotes>;

export const AddNote = NoteInput.extend({ commandId: CommandId, sessionId: id });
export type AddNote = z.input<typeof AddNote>;

export const HideNote = z.object({ commandId: CommandId, noteId });
export type HideNote = z.input<typeof HideNote>;

export const SetInterest = z.object({ sessionId: id, interested: z.boolean({ error: 'interested must be true or false.' }) });
export type SetInterest = z.input<typeof SetInterest>;

/** The sessions a facilitator acts on together: 2–10 distinct sessions of one suggestion. */
const sessionGroup = z
  .array(id, { error: 'sessionIds must be a list of session ids.' })
  .min(2, { error: 'Choose at least two sessions.' })
  .max(10, { error: 'At most 10 sessions at once.' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'A session is listed twice.' });

export const MergeInput = z
  .object({
    sessionIds: sessionGroup,
    primaryId: id,
    /** The merged session's title; the primary session's title when left out or empty. */
    title: text('Title', LIMITS.title).optional(),
  })
  .refine((m) => m.sessionIds.includes(m.primaryId), { error: 'The session to keep must be one of those merged.', path: ['primaryId'] });
export type MergeInput = z.infer<typeof MergeInput>;

export const GroupInput = z.object({ sessionIds: sessionGroup });
export type GroupInput = z.infer<typeof GroupInput>;

export const UndoInput = z.object({
  entryId: z.preprocess(
    (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
    z.number({ error: 'entryId must be a number.' }).int().min(1),
  ),
});
export type UndoInput = z.infer<typeof UndoInput>;

export const MergeSessions = MergeInput.and(z.object({ commandId: CommandId }));
export type MergeSessions = z.input<typeof MergeSessions>;
export const LinkSessions = GroupInput.extend({ commandId: CommandId });
export type LinkSessions = z.input<typeof LinkSessions>;
export const DismissSuggestion = GroupInput.extend({ commandId: CommandId });
export type DismissSuggestion = z.input<typeof DismissSuggestion>;
export const UndoDecision = UndoInput.and(z.object({ commandId: CommandId }));
/** An organiser clears attendees' "same conversation as…" flags on a pair (or a group's pairs). */
export const ClearFlags = GroupInput.extend({ commandId: CommandId });
export type ClearFlags = z.input<typeof ClearFlags>;
/** An attendee's "same conversation as…" from a session's page: the other session, or taking it back. */
export const SameAsInput = z.object({ other: id, action: z.enum(['flag', 'unflag']).default('flag') });
/** A host's answer to people's flag about their session and another. */
export const HostAnswerInput = z.object({ other: id, answer: z.enum(['same', 'link', 'different']) });
export type UndoDecision = z.input<typeof UndoDecision>;

/** Organisers: "may it move sessions already placed (and not pinned)?" */
export const ProposeSchedule = z.object({ moveExisting: z.boolean({ error: 'moveExisting must be true or false.' }) });
export type ProposeSchedule = z.input<typeof ProposeSchedule>;

/** Proposal ids are the server's ids. */
export const ApplySchedule = z.object({ commandId: CommandId, proposalId: id });
export type ApplySchedule = z.input<typeof ApplySchedule>;

export const DiscardSchedule = z.object({ proposalId: id });
export type DiscardSchedule = z.input<typeof DiscardSchedule>;

export const PinSession = z.object({ commandId: CommandId, sessionId: id, pinned: z.boolean({ error: 'pinned must be true or false.' }) });
export type PinSession = z.input<typeof PinSession>;

/** The organiser's hands count at the pitch; null clears it. */
export const SetHands = z.object({
  commandId: CommandId,
  sessionId: id,
  hands: z
    .number({ error: 'hands must be a whole number.' })
    .int({ error: 'hands must be a whole number.' })
    .min(0, { error: 'hands cannot be negative.' })
    .max(LIMITS.capacity, { error: `hands must be at most ${LIMITS.capacity}.` })
    .nullable(),
});
export type SetHands = z.input<typeof SetHands>;

export const SetAvailability = z.object({ commandId: CommandId, sessionId: id, availability });
export type SetAvailability = z.input<typeof SetAvailability>;

export const AddPairRule = z
  .object({
    commandId: CommandId,
    kind: z.enum(['apart', 'back-to-back'], { error: 'kind must be "apart" or "back-to-back".' }),
    a: id,
    b: id,
  })
  .refine((rule) => rule.a !== rule.b, { error: 'Choose two different sessions for a rule.', path: ['b'] });
export type AddPairRule = z.input<typeof AddPairRule>;

export const RemovePairRule = z.object({ commandId: CommandId, ruleId: z.number({ error: 'ruleId must be a number.' }).int().min(1) });
export type RemovePairRule = z.input<typeof RemovePairRule>;

/** Organisers: the pins, hands counts, availability and pair rules of the board they joined. */
export const GetPlanning = z.object({});
export type GetPlanning = z.input<typeof GetPlanning>;
