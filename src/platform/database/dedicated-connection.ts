import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** A connection of its own, outside the pool, for what holds one open (LISTEN): services never see the DataSource. */
@Injectable()
export class DedicatedConnections {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new, unconnected client to the service's database; the caller connects and ends it. */
  client(applicationName: string): pg.Client {
    const options = this.dataSource.options as { url?: string };
    return new pg.Client({ connectionString: options.url, application_name: applicationName });
  }
}
