/** The script that reports each press of play (served from /admin/ops-assets). */
export const RECORDING_PLAYS_SCRIPT = "recording-plays.js";

/** Props of {@link RecordingPlayer}. */
export interface RecordingPlayerProps {
  /** The recording as seekable WAV. */
  wav: string;
  /** The MP3 download. */
  mp3: string;
  /** Where a press of play is reported (POST, answers 204). */
  played: string;
  /** The session's CSRF token, sent with the report. */
  csrfToken: string;
  /** "none" for lists (no request until play), "metadata" for one call (shows the length). */
  preload: "none" | "metadata";
  /** The download link's text. */
  mp3Label: string;
}

/**
 * A recording played in the page (H2) and its MP3 download. Fetching the audio is never audited;
 * {@link RECORDING_PLAYS_SCRIPT} posts to `played` on each `play` event: one audit entry per press (H5).
 */
export function RecordingPlayer(props: RecordingPlayerProps) {
  return (
    <>
      <audio controls preload={props.preload} src={props.wav} data-played={props.played} data-csrf={props.csrfToken}></audio>{" "}
      <a href={props.mp3} download>{props.mp3Label}</a>
    </>
  );
}
