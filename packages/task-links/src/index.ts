export { createTaskLinks, type TaskLinks, type TaskLinksOptions } from './task-links.ts';
