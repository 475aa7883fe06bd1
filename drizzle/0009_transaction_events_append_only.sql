-- Payment events are evidence, like the audit log: no UPDATE or DELETE, whoever asks.
CREATE TRIGGER transaction_events_append_only BEFORE UPDATE OR DELETE ON transaction_events FOR EACH ROW EXECUTE FUNCTION forbid_row_change();
