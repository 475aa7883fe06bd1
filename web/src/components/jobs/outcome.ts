/** What an action on a job page reports back: shown at the top of the page, which then reloads the job. */
export interface Outcome {
  text: string;
  error?: boolean;
}
