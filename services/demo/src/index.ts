export { runDemo, type DemoOptions, type DemoSummary } from './demo.ts';
export { formatSummary } from './demo-summary.ts';
export { readDemoSettings, type DemoSettings } from './demo-settings.ts';
export { simulatedPeople, taskLinksIn, type PersonAction, type SimulatedPeople } from './simulated-people.ts';
export { fillForm, readForms, type Answers, type FormControl, type PageForm } from './page-forms.ts';
export { demoAnswers } from './demo-answers.ts';
