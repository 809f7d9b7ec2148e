/**
 * One input's value in a submitted view's `state.values`, as Slack sends it for the elements
 * partnerbot uses (selects, checkboxes, conversation and user pickers, text inputs). Every field is
 * optional: a submission can be crafted, so readers fall back rather than trust it.
 */
export interface ViewStateValue {
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
  selected_conversation?: string | null;
  selected_user?: string | null;
  value?: string | null;
}

/** `view.state.values`: block id → action id → value. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue> | undefined>;
