// web-push-testing ships no types: the part of its API the tests use (its CLI would pick a fixed port and plain HTTP).
declare module 'web-push-testing/src/PushApiModel.js' {
  export class PushApiModel {
    notifyUrl: string;
  }
}

declare module 'web-push-testing/src/server.js' {
  import type { RequestListener } from 'node:http';

  export default class WebPushTestingServer {
    constructor(model: object, port: number);
    readonly _app: RequestListener;
    setRequestHandlers(): void;
  }
}
