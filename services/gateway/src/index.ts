export { startGateway, type Gateway, type StartGatewayOptions } from './gateway.ts';
export { createApp } from './app.ts';
export { seedDemoData } from './demo/seed-demo-data.ts';
export { redactUrl } from './http/request-logging.ts';
