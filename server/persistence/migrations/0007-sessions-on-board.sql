-- The sessions on an event's board (not merged away, not hidden), in board order. Every pitch counts
-- them against the per-event limit: with only sessions_by_event, that count read every session row of
-- the event (14 % of the server's CPU while 3,000 pitches arrived, npm run bench); this partial index
-- answers it from the index alone, and serves the board's own list in its order.
CREATE INDEX sessions_on_board ON sessions(event_id, created_at, id) WHERE merged_into IS NULL AND hidden_at IS NULL;
