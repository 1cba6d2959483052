-- Command ids are kept for a day (long enough for any retry after a reconnect or a restart) and then
-- forgotten, so the table stays bounded; every recorded command deletes those past that age, and this
-- index finds them without reading the whole table.
CREATE INDEX commands_by_age ON commands(created_at);
