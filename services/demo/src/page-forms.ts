/**
 * Reading a server-rendered page's forms the way a browser would, so a simulated person can fill
 * one in and post it: every named control with its type, current value, bounds and choices.
 * Only what the gateway's pages use is understood (input, textarea, select); controls outside a
 * form and disabled controls are ignored, as a browser ignores them when posting.
 */
import { Parser } from 'htmlparser2';

export interface FormControl {
  tag: 'input' | 'textarea' | 'select';
  /** Lower-case input type; `textarea` / `select` for those tags. */
  type: string;
  name: string;
  /** The value attribute (input), the text (textarea) or the selected option's value (select). */
  value: string;
  checked: boolean;
  required: boolean;
  min: number | null;
  max: number | null;
  step: number | null;
  /** A select's option values. */
  options: string[];
  /** The `inputmode` attribute: `decimal` / `numeric` mark a number typed as text. */
  inputmode: string | null;
  /** Text of the elements its `aria-describedby` names (hint, error), as a person reads it beside the field. */
  hint: string;
}

export interface PageForm {
  /** As written in the page; resolve it against the page's URL. */
  action: string;
  method: 'get' | 'post';
  enctype: string;
  controls: FormControl[];
}

const numberOr = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

/** Every form of `html`, in document order. */
export function readForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  let form: PageForm | null = null;
  let textarea: FormControl | null = null;
  let select: { control: FormControl; selected: string | null } | null = null;
  let option: { value: string | null; text: string; selected: boolean } | null = null;
  // Open elements, each with its id; text inside an element with an id is kept for aria-describedby.
  const open: Array<{ id: string | null }> = [];
  const textById = new Map<string, string>();
  const describedBy = new Map<FormControl, string[]>();

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        open.push({ id: attributes.id ?? null });
        if (attributes.id) textById.set(attributes.id, '');
        if (name === 'form') {
          form = {
            action: attributes.action ?? '',
            method: (attributes.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get',
            enctype: attributes.enctype ?? 'application/x-www-form-urlencoded',
            controls: [],
          };
          forms.push(form);
          return;
        }
        if (!form || attributes.name === undefined || 'disabled' in attributes) {
          if (name === 'option' && select) option = { value: attributes.value ?? null, text: '', selected: 'selected' in attributes };
          return;
        }
        const common = {
          name: attributes.name,
          required: 'required' in attributes,
          min: numberOr(attributes.min),
          max: numberOr(attributes.max),
          step: numberOr(attributes.step),
          options: [] as string[],
          inputmode: attributes.inputmode ?? null,
          hint: '',
        };
        const described = (attributes['aria-describedby'] ?? '').split(/\s+/).filter(Boolean);
        if (name === 'input') {
          const type = (attributes.type ?? 'text').toLowerCase();
          if (type === 'submit' || type === 'button' || type === 'reset' || type === 'image') return;
          const control: FormControl = { ...common, tag: 'input', type, value: attributes.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''), checked: 'checked' in attributes };
          form.controls.push(control);
          describedBy.set(control, described);
        } else if (name === 'textarea') {
          textarea = { ...common, tag: 'textarea', type: 'textarea', value: '', checked: false };
          form.controls.push(textarea);
          describedBy.set(textarea, described);
        } else if (name === 'select') {
          select = { control: { ...common, tag: 'select', type: 'select', value: '', checked: false }, selected: null };
          form.controls.push(select.control);
          describedBy.set(select.control, described);
        }
      },
      ontext(text) {
        for (const element of open) if (element.id) textById.set(element.id, textById.get(element.id)! + text);
        if (textarea) textarea.value += text;
        if (option) option.text += text;
      },
      onclosetag(name) {
        open.pop();
        if (name === 'textarea') {
          if (textarea) textarea.value = textarea.value.replace(/^\n/, '');
          textarea = null;
        } else if (name === 'option' && select && option) {
          const value = option.value ?? option.text.trim();
          select.control.options.push(value);
          // The selected option, else the first (as a browser shows it).
          if (option.selected) select.selected = value;
          option = null;
        } else if (name === 'select' && select) {
          select.control.value = select.selected ?? select.control.options[0] ?? '';
          select = null;
        } else if (name === 'form') {
          form = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  for (const [control, ids] of describedBy) control.hint = ids.map((id) => (textById.get(id) ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
  return forms;
}

/** How a simulated person answers a form: a value per control group, or undefined for the page's default. */
export interface Answers {
  /** The option picked for a radio group or select, from the values offered. */
  choose?(name: string, values: readonly string[]): string | undefined;
  /** A number within the control's bounds (null bounds: none given). */
  number?(name: string, bounds: { min: number | null; max: number | null; step: number | null }): number | undefined;
  /** Text for a text field or textarea. */
  text?(name: string, current: string): string | undefined;
  /** Whether to tick a checkbox. */
  tick?(name: string, value: string, checked: boolean): boolean | undefined;
}

const decimal = (text: string) => Number(text.replace(',', '.'));

/**
 * The bounds a hint states, as a person reads them: the first range (`0–10`, `0 - 10`) and a
 * step (`bước 0,5`, `step 0.5`); nothing when it states none.
 */
export function scaleIn(hint: string): { min?: number; max?: number; step?: number } {
  const range = /(-?\d+(?:[.,]\d+)?)\s*[–—-]\s*(-?\d+(?:[.,]\d+)?)/.exec(hint);
  const step = /(?:bước|step)\s*(\d+(?:[.,]\d+)?)/i.exec(hint);
  return {
    ...(range ? { min: decimal(range[1]!), max: decimal(range[2]!) } : {}),
    ...(step ? { step: decimal(step[1]!) } : {}),
  };
}

/**
 * The fields a browser would post after the person answered: hidden values as they are, one
 * value per radio group (the person's choice, else the checked one, else the first), numbers
 * within bounds, text as answered. File inputs are left empty.
 */
export function fillForm(form: PageForm, answers: Answers = {}): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const radios = new Map<string, FormControl[]>();
  for (const control of form.controls) {
    if (control.type === 'radio') {
      radios.set(control.name, [...(radios.get(control.name) ?? []), control]);
      continue;
    }
    switch (control.type) {
      case 'file':
        break;
      case 'hidden':
        fields.push([control.name, control.value]);
        break;
      case 'checkbox':
        if (answers.tick?.(control.name, control.value, control.checked) ?? control.checked) fields.push([control.name, control.value]);
        break;
      case 'select': {
        const picked = answers.choose?.(control.name, control.options);
        fields.push([control.name, picked !== undefined && control.options.includes(picked) ? picked : control.value]);
        break;
      }
      case 'number':
      case 'range': {
        const number = answers.number?.(control.name, { min: control.min, max: control.max, step: control.step });
        fields.push([control.name, number !== undefined ? String(number) : control.value]);
        break;
      }
      case 'text':
        if (control.inputmode === 'decimal' || control.inputmode === 'numeric') {
          // A number typed as text: its scale is what the hint beside it says.
          const number = answers.number?.(control.name, { min: control.min, max: control.max, step: control.step, ...scaleIn(control.hint) });
          fields.push([control.name, number !== undefined ? String(number) : control.value]);
          break;
        }
        fields.push([control.name, answers.text?.(control.name, control.value) ?? control.value]);
        break;
      default:
        fields.push([control.name, answers.text?.(control.name, control.value) ?? control.value]);
    }
  }
  for (const [name, group] of radios) {
    const values = group.map((control) => control.value);
    const picked = answers.choose?.(name, values);
    const value = picked !== undefined && values.includes(picked) ? picked : (group.find((control) => control.checked) ?? group[0]!).value;
    fields.push([name, value]);
  }
  return fields;
}
