/**
 * Settings of the embedded PostgreSQL server. It serves one bot process on a small machine, so it is
 * sized for memory first: a 1 GB server must hold the bot, this server and the OS page cache.
 */
export function embeddedServerSettings(socketDir: string): Record<string, string> {
  return {
    // Reached only through a Unix socket in a folder only its owner may enter: never on a network.
    listen_addresses: '',
    unix_socket_directories: socketDir,
    unix_socket_permissions: '0700',
    // The bot's pool holds at most 2 sessions; the rest is room for autovacuum and a psql session.
    max_connections: '20',
    // Every session maps the shared buffers it touches, so they weigh on each process's RSS; the OS
    // page cache holds the rest of the working set.
    shared_buffers: '8MB',
    work_mem: '4MB',
    maintenance_work_mem: '32MB',
    // Parallel query and PostgreSQL 18's I/O worker processes each add resident processes; the
    // bot's queries are short index scans that gain nothing from them.
    max_parallel_workers_per_gather: '0',
    max_worker_processes: '2',
    max_logical_replication_workers: '0', // and so no logical replication launcher process
    io_method: 'sync',
    autovacuum_max_workers: '1',
    // Nothing replicates from it: minimal WAL makes bulk writes (the history import) cheaper.
    wal_level: 'minimal',
    max_wal_senders: '0',
    max_wal_size: '256MB',
    // Logs go to DATA_DIR/postgres.log through stderr; the bot's own log says what matters.
    logging_collector: 'off',
    log_min_messages: 'warning',
    TimeZone: 'UTC',
  };
}
