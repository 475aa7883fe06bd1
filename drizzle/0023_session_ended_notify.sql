-- Whatever ends a session (logout, suspension, a password change or reset, erasure, a reused refresh
-- token), every API process hears it on this channel at commit and ends that session's live streams.
CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('qgig_session_ended', json_build_object('sessionId', NEW.id, 'userId', NEW.user_id)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_notify_ended AFTER UPDATE OF revoked_at ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION notify_session_ended();
