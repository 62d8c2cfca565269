export * from './queue-names.ts';
export * from './job-payloads.ts';
export { createRedisConnection, RedisUnreachableError, waitForRedis } from './redis-connection.ts';
export { freePort, maxRedisRestartsPerMinute, startRedisServer, RedisUnavailableError, type RedisServerExit, type RedisServerHandle, type StartRedisServerOptions } from './redis-server.ts';
export { createQueues, closeQueues, defaultJobOptions, type Queues, type CreateQueuesOptions } from './queues.ts';
