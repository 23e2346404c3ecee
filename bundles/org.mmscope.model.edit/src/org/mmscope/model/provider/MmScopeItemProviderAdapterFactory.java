package org.mmscope.model.provider;

import org.eclipse.emf.common.notify.Adapter;
import org.mmscope.model.text.ModelLabels;

/**
 * The item provider adapter factory MmScope's views and the Properties view use: the generated
 * providers (properties, children, notifications), with readable labels from {@link ModelLabels}, e.g.
 * {@code "PFN 0x1a2b3 Standby, ref 0, share 0"} instead of the generated {@code "Pfn Entry 107187"}.
 * Generated code stays generated; this hand-written subclass changes only the labels.
 */
public class MmScopeItemProviderAdapterFactory extends MmItemProviderAdapterFactory {

    @Override
    public Adapter createMachineAdapter() {
        if (machineItemProvider == null) {
            machineItemProvider = new MachineItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return machineItemProvider;
    }

    @Override
    public Adapter createCpuAdapter() {
        if (cpuItemProvider == null) {
            cpuItemProvider = new CpuItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return cpuItemProvider;
    }

    @Override
    public Adapter createTlbEntryAdapter() {
        if (tlbEntryItemProvider == null) {
            tlbEntryItemProvider = new TlbEntryItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return tlbEntryItemProvider;
    }

    @Override
    public Adapter createPfnDatabaseAdapter() {
        if (pfnDatabaseItemProvider == null) {
            pfnDatabaseItemProvider = new PfnDatabaseItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return pfnDatabaseItemProvider;
    }

    @Override
    public Adapter createPageListHeadAdapter() {
        if (pageListHeadItemProvider == null) {
            pageListHeadItemProvider = new PageListHeadItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return pageListHeadItemProvider;
    }

    @Override
    public Adapter createPfnEntryAdapter() {
        if (pfnEntryItemProvider == null) {
            pfnEntryItemProvider = new PfnEntryItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return pfnEntryItemProvider;
    }

    @Override
    public Adapter createProcessAdapter() {
        if (processItemProvider == null) {
            processItemProvider = new ProcessItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return processItemProvider;
    }

    @Override
    public Adapter createWorkingSetAdapter() {
        if (workingSetItemProvider == null) {
            workingSetItemProvider = new WorkingSetItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return workingSetItemProvider;
    }

    @Override
    public Adapter createWorkingSetEntryAdapter() {
        if (workingSetEntryItemProvider == null) {
            workingSetEntryItemProvider = new WorkingSetEntryItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return workingSetEntryItemProvider;
    }

    @Override
    public Adapter createThreadInfoAdapter() {
        if (threadInfoItemProvider == null) {
            threadInfoItemProvider = new ThreadInfoItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return threadInfoItemProvider;
    }

    @Override
    public Adapter createVadInfoAdapter() {
        if (vadInfoItemProvider == null) {
            vadInfoItemProvider = new VadInfoItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return vadInfoItemProvider;
    }

    @Override
    public Adapter createPageTableAdapter() {
        if (pageTableItemProvider == null) {
            pageTableItemProvider = new PageTableItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return pageTableItemProvider;
    }

    @Override
    public Adapter createPteEntryAdapter() {
        if (pteEntryItemProvider == null) {
            pteEntryItemProvider = new PteEntryItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return pteEntryItemProvider;
    }

    @Override
    public Adapter createPoolStateAdapter() {
        if (poolStateItemProvider == null) {
            poolStateItemProvider = new PoolStateItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return poolStateItemProvider;
    }

    @Override
    public Adapter createPoolTagUsageAdapter() {
        if (poolTagUsageItemProvider == null) {
            poolTagUsageItemProvider = new PoolTagUsageItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return poolTagUsageItemProvider;
    }

    @Override
    public Adapter createPoolAllocationAdapter() {
        if (poolAllocationItemProvider == null) {
            poolAllocationItemProvider = new PoolAllocationItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return poolAllocationItemProvider;
    }

    @Override
    public Adapter createPoolPageAdapter() {
        if (poolPageItemProvider == null) {
            poolPageItemProvider = new PoolPageItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return poolPageItemProvider;
    }

    @Override
    public Adapter createPoolPageBlockAdapter() {
        if (poolPageBlockItemProvider == null) {
            poolPageBlockItemProvider = new PoolPageBlockItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return poolPageBlockItemProvider;
    }

    @Override
    public Adapter createControlAreaAdapter() {
        if (controlAreaItemProvider == null) {
            controlAreaItemProvider = new ControlAreaItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return controlAreaItemProvider;
    }

    @Override
    public Adapter createSubsectionInfoAdapter() {
        if (subsectionInfoItemProvider == null) {
            subsectionInfoItemProvider = new SubsectionInfoItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return subsectionInfoItemProvider;
    }

    @Override
    public Adapter createCloneBlockAdapter() {
        if (cloneBlockItemProvider == null) {
            cloneBlockItemProvider = new CloneBlockItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return cloneBlockItemProvider;
    }

    @Override
    public Adapter createCounterAdapter() {
        if (counterItemProvider == null) {
            counterItemProvider = new CounterItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return counterItemProvider;
    }

    @Override
    public Adapter createEventRecordAdapter() {
        if (eventRecordItemProvider == null) {
            eventRecordItemProvider = new EventRecordItemProvider(this) {
                @Override
                public String getText(Object object) {
                    return ModelLabels.text(object);
                }
            };
        }
        return eventRecordItemProvider;
    }
}
