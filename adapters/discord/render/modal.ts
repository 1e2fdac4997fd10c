/**
 * The suggestion form as a Discord modal (interaction response type 9): one text input per field,
 * five in all (Discord's most). What the form is for rides in its custom_id (../custom-ids.ts).
 */
import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';
import type { FormReply } from '../../../src/product/reply.js';
import { formId } from '../custom-ids.js';
import { truncate } from './limits.js';

/** Discord's limits on a modal: title 45, label 45, value 4000. */
const MODAL_TITLE_MAX = 45;
const INPUT_LABEL_MAX = 45;
const INPUT_VALUE_MAX = 4000;

export function renderForm(form: FormReply): APIModalInteractionResponseCallbackData {
  return {
    custom_id: formId(form.lang, form.purpose),
    title: truncate(form.title, MODAL_TITLE_MAX),
    components: form.fields.map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.name,
          label: truncate(field.label, INPUT_LABEL_MAX),
          style: field.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.required,
          max_length: Math.min(field.maxLength, INPUT_VALUE_MAX),
          ...(field.value ? { value: field.value.slice(0, Math.min(field.maxLength, INPUT_VALUE_MAX)) } : {}),
        },
      ],
    })),
  };
}
