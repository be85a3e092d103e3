export { TEST_ADMIN_TOKEN, testConfig } from './config.js';
export { freshDatabase, storeName, type StoreName } from './database.js';
export {
  startTestGateway,
  type GqlResponse,
  type JsonResponse,
  type TestGateway,
  type TestGatewayOptions,
  type TestRequestInit,
} from './gateway.js';
