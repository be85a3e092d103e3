import type { Dashboard, DashboardStats, GpuCount } from '../../domain/stats.js';
import { builder } from '../builder.js';
import { Provider } from './provider.js';

export const Totals = builder.objectRef<DashboardStats>('DashboardStats').implement({
  description: 'Marketplace totals. Active jobs are queued, pending or running; today starts at 00:00 UTC.',
  fields: (t) => ({
    totalProviders: t.exposeInt('totalProviders'),
    onlineNow: t.exposeInt('onlineNow', { description: 'Providers whose last heartbeat is within the offline threshold.' }),
    offline: t.exposeInt('offline'),
    totalRenters: t.exposeInt('totalRenters'),
    activeRenters: t.exposeInt('activeRenters'),
    totalRenterBalanceHalala: t.expose('totalRenterBalanceHalala', { type: 'SafeInt' }),
    totalJobs: t.exposeInt('totalJobs'),
    completedJobs: t.exposeInt('completedJobs'),
    failedJobs: t.exposeInt('failedJobs'),
    activeJobs: t.exposeInt('activeJobs'),
    totalRevenueHalala: t.expose('totalRevenueHalala', { type: 'SafeInt' }),
    totalDc1FeesHalala: t.expose('totalDc1FeesHalala', { type: 'SafeInt' }),
    todayRevenueHalala: t.expose('todayRevenueHalala', { type: 'SafeInt' }),
    todayDc1FeesHalala: t.expose('todayDc1FeesHalala', { type: 'SafeInt' }),
    todayJobs: t.exposeInt('todayJobs'),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
  }),
});

const GpuModelCount = builder.objectRef<GpuCount>('GpuModelCount').implement({
  fields: (t) => ({
    gpuModel: t.exposeString('gpuModel', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

const AdminDashboard = builder.objectRef<Dashboard>('AdminDashboard').implement({
  fields: (t) => ({
    stats: t.expose('stats', { type: Totals }),
    gpuBreakdown: t.expose('gpuBreakdown', { type: [GpuModelCount], description: 'Providers per GPU model, most common first.' }),
    recentSignups: t.expose('recentSignups', { type: [Provider], description: 'The 5 newest providers.' }),
    recentHeartbeats: t.expose('recentHeartbeats', { type: [Provider], description: 'The 10 providers heard from most recently.' }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: AdminDashboard,
    description: 'The admin dashboard.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.stats.dashboard(ctx.principal),
  }),
);
